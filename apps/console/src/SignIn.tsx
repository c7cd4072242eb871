import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ConsoleSession, type ConsoleSignInRequest } from '@minipay/contracts';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { api, ApiError } from './api';
import { sessionKey } from './session';

export function SignIn() {
  const client = useQueryClient();
  const signIn = useMutation({
    mutationFn: (body: ConsoleSignInRequest) => api('POST', '/admin/session', ConsoleSession, { body }),
    onSuccess: (session) => client.setQueryData(sessionKey, session),
  });
  const error = signIn.error;
  const message =
    error instanceof ApiError && error.status === 401
      ? 'Wrong username or password.'
      : error instanceof ApiError && error.status === 429
        ? 'Too many sign-in attempts; wait a minute and retry.'
        : error
          ? (error as Error).message
          : null;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: '#f5f5f5' }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          minipay console
        </Typography.Title>
        <Form layout="vertical" onFinish={(values: ConsoleSignInRequest) => signIn.mutate(values)} requiredMark={false} disabled={signIn.isPending}>
          <Form.Item label="Username" name="username" rules={[{ required: true, message: 'Enter your username' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="Password" name="password" rules={[{ required: true, message: 'Enter your password' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {message && <Alert type="error" role="alert" showIcon message={message} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
            Sign in
          </Button>
        </Form>
      </Card>
    </div>
  );
}
