import { useState } from 'react';
import type { Feature } from '../../../schemas/index.ts';
import { errorMessage } from '../api/api-error.ts';
import { useDeleteFeature } from '../api/features.ts';
import { Button } from '../components/Button.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';

interface DeleteFeatureButtonProps {
  feature: Pick<Feature, 'id' | 'title'>;
  onDeleted?: () => void;
}

export function DeleteFeatureButton({ feature, onDeleted }: DeleteFeatureButtonProps) {
  const deleteFeature = useDeleteFeature();
  const [open, setOpen] = useState(false);

  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) deleteFeature.reset();
      }}
      trigger={
        <Button variant="dangerGhost" aria-label={`Delete ${feature.title}`}>
          Delete
        </Button>
      }
      title={`Delete “${feature.title}”?`}
      description="This removes the feature with its chat and everything the agents produced for it. It cannot be undone."
      confirmLabel="Delete feature"
      pending={deleteFeature.isPending}
      error={deleteFeature.error ? errorMessage(deleteFeature.error) : undefined}
      onConfirm={() =>
        deleteFeature.mutate(feature.id, {
          onSuccess: () => {
            setOpen(false);
            onDeleted?.();
          },
        })
      }
    />
  );
}
