import { react } from '@minipay/lint-config/eslint';

export default react;
