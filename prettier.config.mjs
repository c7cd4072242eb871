export { default } from '@minipay/lint-config/prettier';
