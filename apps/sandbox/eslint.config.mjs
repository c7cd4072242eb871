import { node } from '@minipay/lint-config/eslint';

export default node;
