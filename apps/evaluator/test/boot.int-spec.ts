import { describeServiceBoot } from '@vigil/testing';

describeServiceBoot({ app: 'evaluator', env: (suffix) => ({ EVALUATOR_GROUP_ID: `vigil.test.evaluator.${suffix}` }) });
