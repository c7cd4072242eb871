import { Alert, Button, Spin } from 'antd';
import { Navigate, Route, Routes } from 'react-router-dom';
import { Exceptions } from './Exceptions';
import { OrderDetailPage } from './OrderDetail';
import { Orders } from './Orders';
import { SessionContext, useSessionQuery } from './session';
import { Shell } from './Shell';
import { SignIn } from './SignIn';
import { errorText } from './states';

export function App() {
  const session = useSessionQuery();
  if (session.isPending) {
    return (
      <div style={{ display: 'flex', minHeight: '100vh', alignItems: 'center', justifyContent: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (session.isError) {
    return (
      <div style={{ padding: 24 }}>
        <Alert
          type="error"
          showIcon
          message="The console cannot reach the API"
          description={errorText(session.error)}
          action={<Button onClick={() => session.refetch()}>Retry</Button>}
        />
      </div>
    );
  }
  if (!session.data) return <SignIn />;
  return (
    <SessionContext.Provider value={session.data}>
      <Shell>
        <Routes>
          <Route path="/orders" element={<Orders />} />
          <Route path="/orders/:id" element={<OrderDetailPage />} />
          <Route path="/exceptions" element={<Exceptions />} />
          <Route path="*" element={<Navigate to="/orders" replace />} />
        </Routes>
      </Shell>
    </SessionContext.Provider>
  );
}
