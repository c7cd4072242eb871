import { Alert, Button, Skeleton } from 'antd';
import { ApiError } from './api';

export function Loading() {
  return <Skeleton active paragraph={{ rows: 6 }} />;
}

/** An error with what the API said and a way to retry. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const message = error instanceof ApiError ? `${error.message} (${error.code})` : (error as Error)?.message || 'Something went wrong';
  return (
    <Alert
      type="error"
      showIcon
      message="Could not load"
      description={message}
      action={
        retry ? (
          <Button size="small" onClick={retry}>
            Retry
          </Button>
        ) : undefined
      }
    />
  );
}

export const errorText = (error: unknown) =>
  error instanceof ApiError ? `${error.message} (${error.code})` : (error as Error)?.message || 'Something went wrong';
