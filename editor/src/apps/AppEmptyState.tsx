import type { AppDefinition } from '../../../schemas/definitions.ts';
import { Button } from '../components/Button.tsx';
import { useStudioStoreApi } from '../studio/canvas/store-context.tsx';
import { edited } from '../studio/model/edit-result.ts';
import { addTable } from '../studio/model/index.ts';
import { appTemplates, templateTitle } from './templates.ts';

/**
 * An app without tables (a draft can be saved that way): the canvas invites the first table, or
 * offers the example apps as a start. Either is one undoable edit; the app keeps its name and address.
 */
export function AppEmptyState() {
  const store = useStudioStoreApi<AppDefinition>();
  const startFromTemplate = async (id: string) => {
    const template = await appTemplates.find((t) => t.id === id)!.load();
    store.getState().apply((app) => edited({ ...template, name: app.name, slug: app.slug }));
  };
  return (
    <div className="pointer-events-none absolute inset-0 z-10 grid place-items-center p-6">
      <div className="pointer-events-auto max-w-md rounded-xl border border-dashed border-neutral-300 bg-white/95 p-6 text-center shadow-sm">
        <p className="font-medium text-neutral-900">This app has no tables yet.</p>
        <p className="mt-1 text-sm text-neutral-600">
          Tables hold its data; views, forms and automations build on them. Start with one, or from an
          example.
        </p>
        <Button className="mt-4" onClick={() => store.getState().apply((app) => addTable(app))}>
          Add the first table
        </Button>
        <div className="mt-4 flex flex-wrap justify-center gap-2">
          {appTemplates.map((t) => (
            <button
              key={t.id}
              type="button"
              onClick={() => void startFromTemplate(t.id)}
              className="rounded-full border border-neutral-300 px-3 py-1 text-xs text-neutral-700 hover:border-indigo-400 hover:text-indigo-800"
            >
              {templateTitle(t.id)}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
