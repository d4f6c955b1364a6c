import { useId } from 'react';

interface HostsFieldProps {
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}

/** The hosts a connection may call, one a line: the sandbox refuses every other host. */
export function HostsField({ value, onChange, error }: HostsFieldProps) {
  const id = useId();
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-neutral-800">
        Allowed hosts
      </label>
      <textarea
        id={id}
        name="allowedHosts"
        rows={3}
        spellCheck={false}
        autoCapitalize="off"
        placeholder={'api.example.com\n*.example.org'}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-${error ? 'error' : 'hint'}`}
        className={`block w-full rounded-lg border bg-white px-3 py-2 font-mono text-sm text-neutral-900 shadow-sm placeholder:text-neutral-400 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 ${error ? 'border-red-400' : 'border-neutral-300'}`}
      />
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          Allowed hosts: {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-neutral-500">
          One host a line. Workflows can call only these hosts through this connection.
        </p>
      )}
    </div>
  );
}
