import type { ViewerApp } from '../../../../../schemas/api/viewer.ts';
import type { ViewerClient } from '../../api/client.ts';
import { FieldInput } from '../../fields/FieldInput.tsx';
import type { FormEvaluation, FormFieldState } from './form-state.ts';

interface Props {
  idPrefix: string;
  evaluation: FormEvaluation;
  values: Record<string, unknown>;
  serverErrors: Record<string, string>;
  app: ViewerApp;
  client: ViewerClient;
  tableId: string;
  disabled: boolean;
  onChange: (fieldId: string, value: unknown) => void;
  onLeave: (fieldId: string) => void;
  onPending: (fieldId: string, busy: boolean) => void;
}

/** The form's sections, each a titled group of its shown fields. */
export function FormFields(props: Props) {
  const { evaluation } = props;
  return (
    <>
      {evaluation.sections.map((section, index) => {
        const shown = section.fields.filter((state) => state.visible);
        if (shown.length === 0) return null;
        const headingId = `${props.idPrefix}-section-${index}`;
        return (
          <section key={section.label} aria-labelledby={headingId} className="space-y-4">
            {/* One section needs no heading of its own: the page's heading names the form. */}
            <h2
              id={headingId}
              className={
                evaluation.sections.length > 1 ? 'text-base font-semibold text-neutral-900' : 'sr-only'
              }
            >
              {section.label}
            </h2>
            {shown.map((state) => (
              <FormField key={state.field.id} state={state} {...props} />
            ))}
          </section>
        );
      })}
    </>
  );
}

function FormField({
  state,
  idPrefix,
  values,
  serverErrors,
  app,
  client,
  tableId,
  disabled,
  onChange,
  onLeave,
  onPending,
}: Props & { state: FormFieldState }) {
  const { field } = state;
  return (
    <FieldInput
      field={field}
      id={`${idPrefix}-${field.id}`}
      value={state.editable ? values[field.id] : state.value}
      readOnly={!state.editable}
      onChange={(value) => onChange(field.id, value)}
      onBlur={() => onLeave(field.id)}
      onPendingChange={(busy) => onPending(field.id, busy)}
      error={serverErrors[field.id] ?? state.shownError ?? undefined}
      disabled={disabled}
      app={app}
      client={client}
      tableId={tableId}
    />
  );
}
