import { describeServiceBoot } from '@vigil/testing';

describeServiceBoot({ app: 'notifier', env: (suffix) => ({ NOTIFIER_GROUP_ID: `vigil.test.notifier.${suffix}` }) });
