import type { ReportDisplayStatus } from '@danso/domain';
import { useReportLabels } from './report-labels.ts';

const tone: Record<ReportDisplayStatus, string> = {
  draft: 'tag',
  submitted: 'tag tag-accent',
  returned: 'tag',
  approved: 'tag tag-success',
  locked: 'tag tag-success',
  revised: 'tag',
};

/** Nháp / Đã gửi / Trả lại / Đã duyệt / Đã khóa / Có điều chỉnh. */
export function ReportStatusBadge({ status }: { status: ReportDisplayStatus }) {
  const labels = useReportLabels();
  return (
    <span className={`${tone[status]} report-status`} data-status={status}>
      {labels.status(status)}
    </span>
  );
}
