import { User } from '../../auth/user.entity';
import { Product } from '../../catalog/product.entity';
import { ConsoleOperator, ConsoleSessionRow } from '../../console/operator.entity';
import { OutboxMessage } from '../../fulfilment/outbox-message.entity';
import { OrderEvent } from '../../orders/order-event.entity';
import { Order } from '../../orders/order.entity';
import { Payment } from '../../payments/payment.entity';
import { Refund } from '../../refunds/refund.entity';
import { SecurityEvent } from '../../security/security-event.entity';
import { WebhookEvent } from '../../webhooks/webhook-event.entity';

/** Every entity, registered once for the data source and for repositories. */
export const ENTITIES = [User, Product, Order, OrderEvent, Payment, WebhookEvent, OutboxMessage, Refund, SecurityEvent, ConsoleOperator, ConsoleSessionRow];
