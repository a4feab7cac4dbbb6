import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Field } from '../../../components/field.tsx';
import type { ChangeView, ReviewInput } from '../api/changes-api.ts';
import { useReview } from '../hooks/use-changes.ts';
import { useChangeLabels } from './change-labels.ts';

type Notice = 'approved' | 'becameConflict' | 'returned' | 'rejected' | 'resolved';

const noticeOf = (action: ReviewInput['action'], status: string): Notice => {
  switch (action) {
    case 'approve':
      return status === 'approved' ? 'approved' : 'becameConflict';
    case 'return':
      return 'returned';
    case 'reject':
      return 'rejected';
    case 'resolve_conflict':
      return 'resolved';
  }
};

/**
 * The officer's decision. Approving needs every warning ticked (the server refuses it otherwise); returning
 * and rejecting need a reason, which the collaborator reads on her phone. A failed decision keeps what was
 * typed and ticked.
 */
export function ReviewPanel({ change }: { change: ChangeView }) {
  const { t } = useTranslation();
  const labels = useChangeLabels();
  const review = useReview(change.id);
  const [acknowledged, setAcknowledged] = useState<ReadonlySet<string>>(new Set());
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  const warnings = change.ruleResults.filter((r) => r.severity === 'warning');
  const keyOf = (r: { code: string; path: string }) => `${r.code}@${r.path}`;
  const allAcknowledged = warnings.every((w) => acknowledged.has(keyOf(w)));
  const open = change.status === 'submitted' || change.status === 'conflict';

  const decide = (input: ReviewInput) => {
    setNotice(null);
    review.mutate(input, {
      onSuccess: (answer) => {
        setNotice(noticeOf(input.action, answer.status));
        if (input.action !== 'approve') setReason('');
      },
    });
  };

  const withReason = (action: 'return' | 'reject') => {
    const text = reason.trim();
    if (!text) {
      setReasonMissing(true);
      return;
    }
    setReasonMissing(false);
    decide({ action, reason: text });
  };

  return (
    <section className="panel" aria-labelledby="review-title" data-testid="review-panel">
      <h2 id="review-title">{t('changes.review.title')}</h2>
      {notice ? (
        <div
          className={notice === 'becameConflict' ? 'alert alert-error' : 'alert alert-success'}
          role="status"
        >
          {t(`changes.review.${notice}`)}
        </div>
      ) : null}
      <ErrorMessage error={review.error} />
      {!open ? (
        <p className="muted">{t('changes.review.closed', { status: labels.status(change.status) })}</p>
      ) : (
        <>
          <div className="action-block">
            {warnings.length > 0 ? (
              <fieldset className="ack-list">
                <legend>{t('changes.review.acknowledge')}</legend>
                {warnings.map((w) => (
                  <label key={keyOf(w)} className="checkbox">
                    <input
                      type="checkbox"
                      checked={acknowledged.has(keyOf(w))}
                      onChange={(e) => {
                        const next = new Set(acknowledged);
                        if (e.target.checked) next.add(keyOf(w));
                        else next.delete(keyOf(w));
                        setAcknowledged(next);
                      }}
                    />
                    <span>{labels.language === 'en' ? w.en : w.vi}</span>
                  </label>
                ))}
              </fieldset>
            ) : null}
            <button
              type="button"
              className="button"
              disabled={review.isPending || !allAcknowledged}
              onClick={() =>
                decide({
                  action: 'approve',
                  acknowledgedRules: warnings.map((w) => ({ code: w.code, path: w.path })),
                })
              }
            >
              {t('changes.review.approve')}
            </button>
            {!allAcknowledged ? <p className="field-hint">{t('changes.review.acknowledgeFirst')}</p> : null}
          </div>
          <div className="action-block">
            <Field
              label={t('changes.review.reason')}
              hint={t('changes.review.reasonHint')}
              error={reasonMissing ? t('changes.review.reasonRequired') : undefined}
            >
              {(props) => (
                <textarea
                  {...props}
                  name="reason"
                  rows={3}
                  maxLength={500}
                  value={reason}
                  onChange={(e) => {
                    setReason(e.target.value);
                    if (e.target.value.trim()) setReasonMissing(false);
                  }}
                />
              )}
            </Field>
            <div className="actions">
              <button
                type="button"
                className="button button-secondary"
                disabled={review.isPending}
                onClick={() => withReason('return')}
              >
                {t('changes.review.return')}
              </button>
              <button
                type="button"
                className="button button-danger"
                disabled={review.isPending}
                onClick={() => withReason('reject')}
              >
                {t('changes.review.reject')}
              </button>
            </div>
          </div>
          {change.status === 'conflict' ? (
            <div className="action-block">
              <p className="field-hint">{t('changes.review.resolveHint')}</p>
              <button
                type="button"
                className="button button-secondary"
                disabled={review.isPending}
                onClick={() => decide({ action: 'resolve_conflict' })}
              >
                {t('changes.review.resolve')}
              </button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
