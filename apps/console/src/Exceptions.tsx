import { useQuery } from '@tanstack/react-query';
import { type AdminFailedNotification, AdminExceptionsResponse, type AdminOrderRow, type AdminPendingRefund, type SecurityEvent } from '@minipay/contracts';
import { Badge, Card, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api } from './api';
import { formatDate, STATUS_COLORS } from './labels';
import { formatMoney } from './money';
import { ErrorState, Loading } from './states';

const orderLink = (id: string | null, label: string | null) => (id ? <Link to={`/orders/${id}`}>{label ?? id}</Link> : '—');

function Section({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  return (
    <Card
      size="small"
      title={
        <Space>
          {title}
          <Badge count={count} showZero color={count ? 'red' : 'green'} />
        </Space>
      }
    >
      {children}
    </Card>
  );
}

/** What needs an operator, each row linking to its order. */
export function Exceptions() {
  const query = useQuery({ queryKey: ['exceptions'], queryFn: () => api('GET', '/admin/exceptions', AdminExceptionsResponse), refetchInterval: 30_000 });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} retry={() => query.refetch()} />;
  const data = query.data;
  const orderColumns = [
    { title: 'merchantOrderId', key: 'm', render: (_: unknown, row: AdminOrderRow) => orderLink(row.id, row.merchantOrderId) },
    { title: 'Amount', key: 'a', align: 'right' as const, render: (_: unknown, row: AdminOrderRow) => formatMoney(row.amount) },
    { title: 'Status', key: 's', render: (_: unknown, row: AdminOrderRow) => <Tag color={STATUS_COLORS[row.status]}>{row.status}</Tag> },
    { title: 'Created', key: 'c', render: (_: unknown, row: AdminOrderRow) => formatDate(row.createdAt) },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        Exceptions
      </Typography.Title>
      <Section title="Orders in review" count={data.inReview.length}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 700 }}
          dataSource={data.inReview}
          locale={{ emptyText: 'No order is in review' }}
          columns={[
            ...orderColumns,
            { title: 'Reason', key: 'r', render: (_: unknown, row: AdminOrderRow & { reviewReason: string | null }) => row.reviewReason },
          ]}
        />
      </Section>
      <Section title="Notifications that failed processing or matched nothing" count={data.failedNotifications.length}>
        <Table<AdminFailedNotification>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 700 }}
          dataSource={data.failedNotifications}
          locale={{ emptyText: 'Every notification was processed' }}
          columns={[
            { title: 'Order', key: 'o', render: (_, row) => orderLink(row.orderId, row.merchantOrderId) },
            { title: 'Provider', dataIndex: 'provider' },
            { title: 'Payment reference', dataIndex: 'paymentReference', render: (v: string | null) => v ?? '—' },
            { title: 'Outcome', dataIndex: 'outcome', render: (v: string | null) => v ?? <Tag color="red">not processed</Tag> },
            { title: 'Deliveries', dataIndex: 'deliveries', align: 'right' },
            { title: 'Received', dataIndex: 'receivedAt', render: (v: string) => formatDate(v) },
          ]}
        />
      </Section>
      <Section title="Refunds pending for over an hour" count={data.pendingRefunds.length}>
        <Table<AdminPendingRefund>
          rowKey="refundId"
          size="small"
          pagination={false}
          scroll={{ x: 600 }}
          dataSource={data.pendingRefunds}
          locale={{ emptyText: 'No refund is stuck' }}
          columns={[
            { title: 'Order', key: 'o', render: (_, row) => orderLink(row.orderId, row.merchantOrderId) },
            { title: 'Refund', dataIndex: 'reference' },
            { title: 'Amount', key: 'a', align: 'right', render: (_, row) => formatMoney(row.amount) },
            { title: 'Requested', dataIndex: 'createdAt', render: (v: string) => formatDate(v) },
          ]}
        />
      </Section>
      <Section title="Paid but not fulfilled" count={data.paidNotFulfilled.length}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 600 }}
          dataSource={data.paidNotFulfilled}
          locale={{ emptyText: 'Every paid order was fulfilled' }}
          columns={orderColumns}
        />
      </Section>
      <Section title="Security events (refused admin keys, failed sign-ins, bad webhook signatures)" count={data.securityEvents.length}>
        <Table<SecurityEvent>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 600 }}
          dataSource={data.securityEvents}
          locale={{ emptyText: 'No security event' }}
          columns={[
            { title: 'Kind', dataIndex: 'kind', render: (v: string) => <Tag color="volcano">{v}</Tag> },
            { title: 'Client', dataIndex: 'clientIp', render: (v: string | null) => v ?? '—' },
            { title: 'Detail', dataIndex: 'detail', render: (v: string | null) => v ?? '—' },
            { title: 'At', dataIndex: 'at', render: (v: string) => formatDate(v) },
          ]}
        />
      </Section>
    </Space>
  );
}
