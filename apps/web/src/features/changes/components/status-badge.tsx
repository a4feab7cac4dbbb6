import type { ReviewStatus } from '@danso/domain';
import { useChangeLabels } from './change-labels.ts';

const tone: Record<ReviewStatus, string> = {
  conflict: 'tag tag-danger',
  submitted: 'tag tag-accent',
  returned: 'tag tag-warning',
  approved: 'tag tag-success',
  rejected: 'tag tag-rejected',
  draft: 'tag',
};

/** Xung đột / Đã gửi / Trả lại / Đã duyệt / Từ chối, each in its own colour. */
export function StatusBadge({ status }: { status: ReviewStatus }) {
  const labels = useChangeLabels();
  return (
    <span className={`${tone[status]} status-badge`} data-status={status}>
      {labels.status(status)}
    </span>
  );
}
