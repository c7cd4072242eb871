import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { api } from './api';
import { sessionKey, useSession } from './session';

/** Header with navigation and the signed-in operator; the menu folds into the header on narrow screens. */
export function Shell({ children }: { children: ReactNode }) {
  const session = useSession();
  const client = useQueryClient();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const signOut = useMutation({
    mutationFn: () => api('POST', '/admin/session/sign-out', null),
    onSettled: () => {
      // Back to the sign-in page, with nothing of this session's data left in memory.
      client.setQueryData(sessionKey, null);
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
    },
  });
  const selected = location.pathname.startsWith('/exceptions') ? 'exceptions' : 'orders';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: screens.md ? 24 : 12 }}>
        <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }}>
          minipay console
        </Typography.Text>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[selected]}
          style={{ flex: 1, minWidth: 0 }}
          items={[
            { key: 'orders', label: <Link to="/orders">Orders</Link> },
            { key: 'exceptions', label: <Link to="/exceptions">Exceptions</Link> },
          ]}
        />
        <Space>
          <Typography.Text style={{ color: '#fff' }} data-testid="operator">
            {session.username}
          </Typography.Text>
          <Tag color={session.role === 'operator' ? 'gold' : 'blue'}>{session.role}</Tag>
          <Button size="small" onClick={() => signOut.mutate()} loading={signOut.isPending}>
            Sign out
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: screens.md ? 24 : 12, maxWidth: 1400, width: '100%', margin: '0 auto' }}>{children}</Layout.Content>
    </Layout>
  );
}
