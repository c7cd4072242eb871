import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { AdminOrderListResponse, type AdminOrderRow, OrderStatus, ProviderName } from '@minipay/contracts';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, API_BASE, queryString } from './api';
import { formatDate, STATUS_COLORS } from './labels';
import { formatMoney } from './money';
import { ErrorState } from './states';

const PAGE_SIZE = 25;
const FILTERS = ['status', 'provider', 'inReview', 'from', 'to', 'q'] as const;

/** Orders, newest first: filters live in the URL (shareable, Back works); pages follow the API's cursor. */
export function Orders() {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? undefined])) as Record<(typeof FILTERS)[number], string | undefined>;
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const orders = useQuery({
    queryKey: ['orders', filters, cursor],
    queryFn: () => api('GET', `/admin/orders${queryString({ ...filters, limit: PAGE_SIZE, cursor })}`, AdminOrderListResponse),
    placeholderData: keepPreviousData,
  });

  const apply = (next: Partial<Record<(typeof FILTERS)[number], string | undefined>>) => {
    const merged = { ...filters, ...next };
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(merged)) if (value) search.set(key, value);
    setCursors([]);
    setParams(search);
  };

  const range: [Dayjs, Dayjs] | null = filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to).subtract(1, 'day')] : null;
  const exportHref = `${API_BASE}/admin/orders/export${queryString(filters)}`;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        Orders
      </Typography.Title>
      <Card size="small">
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label="Search" htmlFor="order-search">
            <Input.Search
              id="order-search"
              key={filters.q ?? ''}
              defaultValue={filters.q}
              placeholder="merchantOrderId or provider payment id"
              allowClear
              enterButton="Find"
              style={{ width: 320, maxWidth: '100%' }}
              onSearch={(value) => apply({ q: value.trim() || undefined })}
            />
          </Form.Item>
          <Form.Item label="Status" htmlFor="order-status">
            <Select
              id="order-status"
              allowClear
              placeholder="Any"
              style={{ width: 190 }}
              value={filters.status}
              onChange={(value?: string) => apply({ status: value })}
              options={OrderStatus.options.map((s) => ({ value: s, label: s }))}
            />
          </Form.Item>
          <Form.Item label="Provider" htmlFor="order-provider">
            <Select
              id="order-provider"
              allowClear
              placeholder="Any"
              style={{ width: 130 }}
              value={filters.provider}
              onChange={(value?: string) => apply({ provider: value })}
              options={ProviderName.options.map((p) => ({ value: p, label: p }))}
            />
          </Form.Item>
          <Form.Item label="In review" htmlFor="order-review">
            <Select
              id="order-review"
              allowClear
              placeholder="Any"
              style={{ width: 110 }}
              value={filters.inReview}
              onChange={(value?: string) => apply({ inReview: value })}
              options={[
                { value: 'true', label: 'Yes' },
                { value: 'false', label: 'No' },
              ]}
            />
          </Form.Item>
          <Form.Item label="Created">
            <DatePicker.RangePicker
              value={range}
              allowEmpty={[false, false]}
              onChange={(dates) =>
                apply(
                  dates?.[0] && dates[1]
                    ? { from: dates[0].startOf('day').toISOString(), to: dates[1].startOf('day').add(1, 'day').toISOString() }
                    : { from: undefined, to: undefined },
                )
              }
            />
          </Form.Item>
          <Form.Item>
            <Button href={exportHref} download="orders.csv">
              Export CSV
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {orders.isError ? (
        <ErrorState error={orders.error} retry={() => orders.refetch()} />
      ) : (
        <Card size="small">
          <Table<AdminOrderRow>
            rowKey="id"
            size="middle"
            loading={orders.isFetching}
            dataSource={orders.data?.items ?? []}
            pagination={false}
            scroll={{ x: 760 }}
            locale={{ emptyText: orders.isPending ? 'Loading…' : 'No orders match these filters' }}
            columns={[
              {
                title: 'merchantOrderId',
                dataIndex: 'merchantOrderId',
                render: (value: string, row) => (
                  <Link to={`/orders/${row.id}`} style={{ fontFamily: 'monospace' }}>
                    {value}
                  </Link>
                ),
              },
              { title: 'Amount', key: 'amount', align: 'right', render: (_, row) => formatMoney(row.amount) },
              {
                title: 'Status',
                key: 'status',
                render: (_, row) => (
                  <Space size={4}>
                    <Tag color={STATUS_COLORS[row.status]}>{row.status}</Tag>
                    {row.inReview && <Tag color="red">IN REVIEW</Tag>}
                  </Space>
                ),
              },
              { title: 'Provider', dataIndex: 'provider', render: (value: string | null) => value ?? '—' },
              { title: 'Created', dataIndex: 'createdAt', render: (value: string) => formatDate(value) },
            ]}
          />
          <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
            <Button disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Newer
            </Button>
            <Button disabled={!orders.data?.nextCursor} onClick={() => orders.data?.nextCursor && setCursors((c) => [...c, orders.data!.nextCursor!])}>
              Older
            </Button>
          </Space>
        </Card>
      )}
    </Space>
  );
}
