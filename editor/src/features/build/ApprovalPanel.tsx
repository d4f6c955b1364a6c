import * as Dialog from '@radix-ui/react-dialog';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { type FeatureDetail, RejectBody } from '../../../../schemas/index.ts';
import { errorMessage } from '../../api/api-error.ts';
import { useApprove, useDownloadCodeZip, useReject } from '../../api/pipeline.ts';
import { Button } from '../../components/Button.tsx';
import { buttonStyles } from '../../components/button-styles.ts';
import { FindingsList } from '../../studio/page/FindingsList.tsx';
import { zipFilename } from './zip-filename.ts';

/**
 * The builder's decision once the review is done — approve (publish, activate, or make the zip
 * available) or reject with a comment — and, once approved, where the result is.
 */
export function ApprovalPanel({ feature }: { feature: FeatureDetail }) {
  const approve = useApprove(feature.id);
  const result = approve.data;
  const blocked = result && !result.approved ? result.findings.filter((f) => f.severity === 'blocker') : [];

  if (feature.status === 'done') return <ApprovedResult feature={feature} />;
  if (feature.status !== 'awaiting_approval') return null;

  return (
    <section
      aria-labelledby="approval-heading"
      className="rounded-xl border border-amber-200 bg-amber-50/60 p-5 shadow-sm"
    >
      <h2 id="approval-heading" className="font-semibold text-neutral-900">
        Ready for your approval
      </h2>
      <p className="mt-1 text-sm text-neutral-700">
        {feature.mode === 'code'
          ? 'Approving makes the code available to download as a zip.'
          : feature.mode === 'workflows'
            ? 'Approving activates the workflow: it starts running on its trigger.'
            : 'Approving publishes the app at its address, for the people you give access.'}{' '}
        Read the spec, the tests, the result and the review below first.
      </p>
      <div className="mt-4 flex flex-wrap gap-3">
        <Button onClick={() => approve.mutate()} pending={approve.isPending}>
          Approve
        </Button>
        <RejectButton featureId={feature.id} disabled={approve.isPending} />
      </div>
      {approve.isError && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          Could not approve: {errorMessage(approve.error)}
        </p>
      )}
      {result && !result.approved && (
        <div role="alert" className="mt-4 rounded-lg border border-red-200 bg-white p-4 text-sm text-red-800">
          <p className="font-semibold">
            Not approved: the review found {blocked.length === 1 ? 'a blocker' : 'blockers'}
          </p>
          <p className="mt-0.5 text-neutral-700">
            Reject it with a comment so the agents fix these, then approve again.
          </p>
          <FindingsList findings={result.findings} onJumpTo={() => undefined} />
        </div>
      )}
    </section>
  );
}

function ApprovedResult({ feature }: { feature: FeatureDetail }) {
  const download = useDownloadCodeZip(feature.id);
  return (
    <section
      aria-labelledby="approved-heading"
      className="rounded-xl border border-emerald-200 bg-emerald-50/60 p-5 shadow-sm"
    >
      <h2 id="approved-heading" className="font-semibold text-emerald-900">
        {feature.mode === 'code'
          ? 'Approved: the code is ready'
          : feature.mode === 'workflows'
            ? 'Approved and activated'
            : 'Approved and published'}
      </h2>
      <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
        {feature.resultUrl && (
          <a href={feature.resultUrl} target="_blank" rel="noreferrer" className={buttonStyles.primary}>
            Open the app
          </a>
        )}
        {feature.appId && (
          <Link to={`/app/apps/${feature.appId}`} className={buttonStyles.secondary}>
            Open on the canvas
          </Link>
        )}
        {feature.workflowId && (
          <Link to={`/app/workflows/${feature.workflowId}`} className={buttonStyles.secondary}>
            Open on the canvas
          </Link>
        )}
        {feature.mode === 'code' && (
          <Button
            onClick={() =>
              download.mutate({ path: feature.codeZipUrl, filename: zipFilename(feature.title) })
            }
            pending={download.isPending}
          >
            Download zip
          </Button>
        )}
      </div>
      {feature.resultUrl && (
        <p className="mt-3 text-sm text-emerald-900">
          Its address:{' '}
          <a
            href={feature.resultUrl}
            target="_blank"
            rel="noreferrer"
            className="font-mono break-all underline underline-offset-2"
          >
            {displayUrl(feature.resultUrl)}
          </a>
        </p>
      )}
      {download.isError && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          Could not download the zip: {errorMessage(download.error)}
        </p>
      )}
    </section>
  );
}

function displayUrl(url: string): string {
  try {
    return new URL(url, window.location.origin).href;
  } catch {
    return url;
  }
}

function RejectButton({ featureId, disabled }: { featureId: string; disabled: boolean }) {
  const reject = useReject(featureId);
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string>();
  const id = useId();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = RejectBody.safeParse({ comment });
    if (!parsed.success) {
      setError(`Comment ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
      return;
    }
    setError(undefined);
    reject.mutate(parsed.data.comment, {
      onSuccess: () => {
        setOpen(false);
        setComment('');
      },
    });
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (reject.isPending) return;
        setOpen(next);
        if (!next) reject.reset();
      }}
    >
      <Dialog.Trigger asChild>
        <Button variant="secondary" disabled={disabled}>
          Reject…
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-neutral-950/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[calc(100%-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold text-neutral-900">Send it back</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-neutral-600">
            Say what is wrong or missing. The agents rebuild it with your comment.
          </Dialog.Description>
          <form noValidate onSubmit={onSubmit} className="mt-4 space-y-2">
            <label htmlFor={id} className="block text-sm font-medium text-neutral-800">
              What should change?
            </label>
            <textarea
              id={id}
              rows={4}
              value={comment}
              maxLength={4000}
              onChange={(event) => setComment(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              className={`block w-full rounded-lg border bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none ${error ? 'border-red-400' : 'border-neutral-300'}`}
            />
            {error && (
              <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
                {error}
              </p>
            )}
            {reject.isError && (
              <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
                {errorMessage(reject.error)}
              </p>
            )}
            <div className="flex justify-end gap-3 pt-4">
              <Dialog.Close className={buttonStyles.secondary} disabled={reject.isPending}>
                Cancel
              </Dialog.Close>
              <Button type="submit" variant="danger" pending={reject.isPending}>
                Reject with comment
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
