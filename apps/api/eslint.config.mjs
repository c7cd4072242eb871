import { nest } from '@minipay/lint-config/eslint';

export default nest;
