import * as AlertDialog from '@radix-ui/react-alert-dialog';
import type { AdminBuilder, PlanLimits } from '../../../schemas/index.ts';
import { Button } from '../components/Button.tsx';
import { buttonStyles } from '../components/button-styles.ts';
import { formatAmount, formatLimit, limitsReachedOn, planDifferences, planLabels } from './usage-limits.ts';

interface PlanChangeDialogProps {
  builder: AdminBuilder;
  from: PlanLimits | undefined;
  to: PlanLimits | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * The question before a plan changes: what the builder gains or loses, and — when moving down —
 * which limits they are already past, since those stop them adding more (nothing is deleted).
 */
export function PlanChangeDialog({ builder, from, to, onConfirm, onCancel }: PlanChangeDialogProps) {
  const open = Boolean(to);
  const changes = from && to ? planDifferences(from, to) : [];
  const reached = to ? limitsReachedOn(builder.usage, to) : [];
  const target = to ? planLabels[to.id] : '';
  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => !next && onCancel()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-neutral-950/40" />
        <AlertDialog.Content className="fixed top-1/2 left-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-6 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold text-neutral-900">
            Move {builder.username} to the {target} plan?
          </AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm text-neutral-600">
            Their limits change at once.
          </AlertDialog.Description>
          {changes.length > 0 && (
            <table className="mt-4 w-full text-sm">
              <caption className="sr-only">Limits that change</caption>
              <thead className="text-left text-xs text-neutral-500">
                <tr>
                  <th className="pb-1 font-medium">Limit</th>
                  <th className="pb-1 font-medium">Now</th>
                  <th className="pb-1 font-medium">{target}</th>
                </tr>
              </thead>
              <tbody className="text-neutral-800 tabular-nums">
                {changes.map((change) => (
                  <tr key={change.label} className="border-t border-neutral-100">
                    <td className="py-1 pr-2">{change.label}</td>
                    <td className="py-1 pr-2">{change.from}</td>
                    <td className="py-1">{change.to}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {reached.length > 0 && (
            <div className="mt-4 rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
              <p className="font-medium">Already at or past these {target} limits:</p>
              <ul className="mt-1 list-disc pl-5">
                {reached.map((m) => (
                  <li key={m.label}>
                    {m.label}: {formatAmount(m.used, m.unit)} of {formatLimit(m.max, m.unit)}
                  </li>
                ))}
              </ul>
              <p className="mt-1">Nothing is deleted, but they cannot add more until they are under them.</p>
            </div>
          )}
          <div className="mt-6 flex justify-end gap-3">
            <AlertDialog.Cancel className={buttonStyles.secondary}>Cancel</AlertDialog.Cancel>
            <Button onClick={onConfirm}>Move to {target}</Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
