import { describeServiceBoot } from '@vigil/testing';

describeServiceBoot({ app: 'ingest' });
