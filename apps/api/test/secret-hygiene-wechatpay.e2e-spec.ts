import { describeSecretHygiene } from './support/secret-hygiene';

describeSecretHygiene('wechatpay');
