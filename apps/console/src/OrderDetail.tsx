import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  AdminOrderDetail,
  type AdminPaymentAttempt,
  type AdminRefundView,
  AdminSyncResponse,
  type OrderLine,
  Refund,
  type TimelineEvent,
} from '@minipay/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Result,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from './api';
import { formatDate, STATUS_COLORS } from './labels';
import { formatMoney, toMajor, toMinor } from './money';
import { useSession } from './session';
import { ErrorState, errorText, Loading } from './states';

const TIMELINE_COLORS: Record<string, string> = { transition: 'blue', refund: 'orange', review: 'red', provider_call: 'gray', notification: 'green' };

/** One order: what was bought, every payment attempt, refunds, the timeline, and the operator actions. */
export function OrderDetailPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const [refunding, setRefunding] = useState(false);
  const [syncResult, setSyncResult] = useState<AdminSyncResponse['results'] | null>(null);
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const detail = useQuery({
    queryKey: ['order', id],
    queryFn: () => api('GET', `/admin/orders/${id}`, AdminOrderDetail),
    // A refund is settled by the provider a little later (notification or query): look again until it is.
    refetchInterval: (query) => (query.state.data?.refunds.some((r) => r.status === 'PENDING') ? 2000 : false),
  });
  const sync = useMutation({
    mutationFn: () => api('POST', `/admin/orders/${id}/actions/sync`, AdminSyncResponse),
    onSuccess: (result) => {
      client.setQueryData(['order', id], result.order);
      void client.invalidateQueries({ queryKey: ['orders'] });
      setSyncResult(result.results);
    },
    onError: (error) => message.error(errorText(error)),
  });

  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    if (detail.error instanceof ApiError && detail.error.status === 404) {
      return <Result status="404" title="No such order" extra={<Link to="/orders">Back to orders</Link>} />;
    }
    return <ErrorState error={detail.error} retry={() => detail.refetch()} />;
  }
  const { order, payments, refunds, timeline } = detail.data;
  const isOperator = session.role === 'operator';
  const canRefund = order.refundable.value > 0;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Link to="/orders">← Orders</Link>
          <Typography.Title level={3} style={{ margin: 0, fontFamily: 'monospace' }}>
            {order.merchantOrderId}
          </Typography.Title>
          <Tag color={STATUS_COLORS[order.status]} data-testid="order-status">
            {order.status}
          </Tag>
          {order.inReview && <Tag color="red">IN REVIEW</Tag>}
        </Space>
        <Space wrap>
          <Button
            type="primary"
            disabled={!isOperator || !canRefund}
            title={!isOperator ? 'Only an operator can refund' : !canRefund ? 'Nothing left to refund' : undefined}
            onClick={() => setRefunding(true)}
          >
            Refund
          </Button>
          <Button disabled={!isOperator} title={!isOperator ? 'Only an operator can sync' : undefined} loading={sync.isPending} onClick={() => sync.mutate()}>
            Sync with provider
          </Button>
        </Space>
      </Space>

      {order.reviewReason && <Alert type="warning" showIcon message="In review" description={order.reviewReason} />}
      {syncResult && (
        <Alert
          type={syncResult.some((r) => r.error) ? 'error' : 'info'}
          showIcon
          closable
          onClose={() => setSyncResult(null)}
          message="Provider says"
          description={
            syncResult.length === 0
              ? 'This order has no payment attempt to ask about.'
              : syncResult.map((r) => (
                  <div key={r.paymentId}>
                    {r.reference}: {r.error ? `failed (${r.error})` : r.found ? r.providerStatus : 'not found at the provider'}
                    {!r.error && r.statusBefore !== r.statusAfter ? ` — payment moved ${r.statusBefore} → ${r.statusAfter}` : ' — no change'}
                  </div>
                ))
          }
        />
      )}

      <Card size="small" title="Order">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="Amount">{formatMoney(order.amount)}</Descriptions.Item>
          <Descriptions.Item label="Refunded">{formatMoney(order.refundedAmount)}</Descriptions.Item>
          <Descriptions.Item label="Refundable">{formatMoney(order.refundable)}</Descriptions.Item>
          <Descriptions.Item label="Provider">{order.provider ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="Created">{formatDate(order.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="Paid">{order.paidAt ? formatDate(order.paidAt) : '—'}</Descriptions.Item>
          <Descriptions.Item label="Order id">
            <Typography.Text copyable style={{ fontFamily: 'monospace' }}>
              {order.id}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title="Items">
        <Table<OrderLine>
          rowKey="productId"
          size="small"
          pagination={false}
          dataSource={order.items}
          scroll={{ x: 500 }}
          columns={[
            { title: 'Product', dataIndex: 'name' },
            { title: 'Unit price', key: 'unit', align: 'right', render: (_, line) => formatMoney(line.unitPrice) },
            { title: 'Quantity', dataIndex: 'quantity', align: 'right' },
            { title: 'Total', key: 'total', align: 'right', render: (_, line) => formatMoney(line.lineTotal) },
          ]}
        />
      </Card>

      <Card size="small" title="Payment attempts">
        <Table<AdminPaymentAttempt>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={payments}
          scroll={{ x: 900 }}
          locale={{ emptyText: 'No payment attempt yet' }}
          columns={[
            { title: '#', dataIndex: 'attempt', width: 48 },
            { title: 'Reference', dataIndex: 'reference', render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
            { title: 'Provider', dataIndex: 'provider' },
            {
              title: 'Provider payment id',
              dataIndex: 'providerPaymentId',
              render: (v: string | null) => (v ? <Typography.Text copyable>{v}</Typography.Text> : '—'),
            },
            { title: 'Status', dataIndex: 'status', render: (v: string) => <Tag>{v}</Tag> },
            { title: 'Amount', key: 'amount', align: 'right', render: (_, p) => formatMoney(p.amount) },
            { title: 'Refundable', key: 'refundable', align: 'right', render: (_, p) => formatMoney(p.refundable) },
            { title: 'Failure', dataIndex: 'failureReason', render: (v: string | null) => v ?? '' },
            { title: 'Created', dataIndex: 'createdAt', render: (v: string) => formatDate(v) },
          ]}
        />
      </Card>

      <Card size="small" title="Refunds">
        <Table<AdminRefundView>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={refunds}
          scroll={{ x: 800 }}
          locale={{ emptyText: 'No refunds' }}
          columns={[
            { title: 'Reference', dataIndex: 'reference', render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
            { title: 'Status', dataIndex: 'status', render: (v: string) => <Tag>{v}</Tag> },
            { title: 'Amount', key: 'amount', align: 'right', render: (_, r) => formatMoney(r.amount) },
            { title: 'Reason', dataIndex: 'reason' },
            { title: 'Payment', dataIndex: 'paymentId', render: (v: string) => payments.find((p) => p.id === v)?.reference ?? v },
            { title: 'Failure', dataIndex: 'failureReason', render: (v: string | null) => v ?? '' },
            { title: 'Created', dataIndex: 'createdAt', render: (v: string) => formatDate(v) },
          ]}
        />
      </Card>

      <Card size="small" title="Timeline">
        {timeline.length === 0 ? (
          <Typography.Text type="secondary">Nothing recorded yet.</Typography.Text>
        ) : (
          <Timeline
            data-testid="timeline"
            items={timeline.map((event: TimelineEvent, i) => ({
              key: i,
              color: TIMELINE_COLORS[event.type] ?? 'gray',
              content: (
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDate(event.at)} · {event.type}
                  </Typography.Text>
                  <div>{event.summary}</div>
                </div>
              ),
            }))}
          />
        )}
      </Card>

      {refunding && <RefundDialog detail={detail.data} onClose={() => setRefunding(false)} />}
    </Space>
  );
}

interface RefundForm {
  paymentId: string;
  mode: 'full' | 'partial';
  amount?: number;
  reason: string;
}

/** Full or partial refund with a required reason; the refundable amount is shown and enforced. */
function RefundDialog({ detail, onClose }: { detail: AdminOrderDetail; onClose: () => void }) {
  const { order, payments } = detail;
  const refundablePayments = payments.filter((p) => p.refundable.value > 0);
  const [form] = Form.useForm<RefundForm>();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  // One key per dialog: a double submit or a retry after a timeout is the same refund.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const paymentId = Form.useWatch('paymentId', form) ?? refundablePayments[refundablePayments.length - 1]?.id;
  const mode = Form.useWatch('mode', form) ?? 'partial';
  const payment = refundablePayments.find((p) => p.id === paymentId);
  const limit = payment?.refundable ?? order.refundable;
  const currency = order.amount.currency;

  const refund = useMutation({
    mutationFn: (values: RefundForm) =>
      api('POST', `/admin/orders/${order.id}/actions/refund`, Refund, {
        idempotencyKey,
        body: {
          reason: values.reason,
          paymentId: values.paymentId,
          amount: values.mode === 'full' ? limit.value : toMinor(values.amount!, currency),
        },
      }),
    onSuccess: (created) => {
      message.success(`Refund of ${formatMoney(created.amount)} requested`);
      void client.invalidateQueries({ queryKey: ['order', order.id] });
      void client.invalidateQueries({ queryKey: ['orders'] });
      onClose();
    },
  });

  return (
    <Modal
      open
      title={`Refund ${order.merchantOrderId}`}
      okText="Refund"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={refund.isPending}
      destroyOnHidden
    >
      <Form<RefundForm>
        form={form}
        layout="vertical"
        initialValues={{ mode: 'partial', paymentId: refundablePayments[refundablePayments.length - 1]?.id }}
        onFinish={(values) => refund.mutate(values)}
      >
        {(refundablePayments.length > 1 || order.inReview) && (
          <Form.Item label="Payment" name="paymentId" rules={[{ required: true }]}>
            <Radio.Group
              options={refundablePayments.map((p) => ({ value: p.id, label: `${p.reference} (${p.provider}) — refundable ${formatMoney(p.refundable)}` }))}
            />
          </Form.Item>
        )}
        <Form.Item label="Refund" name="mode">
          <Radio.Group
            options={[
              { value: 'full', label: `All that is left (${formatMoney(limit)})` },
              { value: 'partial', label: 'Part of it' },
            ]}
          />
        </Form.Item>
        <Typography.Paragraph data-testid="refundable">Refundable: {formatMoney(limit)}</Typography.Paragraph>
        {mode === 'partial' && (
          <Form.Item
            label="Amount"
            name="amount"
            rules={[
              { required: true, message: 'Enter the amount to refund' },
              {
                validator: (_, value?: number) =>
                  value === undefined || value === null || (toMinor(value, currency) > 0 && toMinor(value, currency) <= limit.value)
                    ? Promise.resolve()
                    : Promise.reject(new Error(`Between ${formatMoney({ value: 1, currency })} and ${formatMoney(limit)}`)),
              },
            ]}
          >
            <InputNumber min={0} max={toMajor(limit.value, currency)} step={1} prefix={currency} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item label="Reason" name="reason" rules={[{ required: true, whitespace: true, message: 'A reason is required' }, { max: 200 }]}>
          <Input.TextArea rows={2} maxLength={200} showCount />
        </Form.Item>
        {refund.isError && <Alert type="error" showIcon message={errorText(refund.error)} />}
      </Form>
    </Modal>
  );
}
