import { Link } from 'react-router';
import { buttonStyles } from '../components/button-styles.ts';
import { PipelinePreview } from '../features/PipelinePreview.tsx';

export function ChatPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-neutral-900">Chat</h1>
        <p className="mt-1 max-w-2xl text-sm text-neutral-600">
          This is where you will talk to the BA agent: describe what you need in your own words, answer its
          questions, and see the spec and recommended mode it writes. It streams its answers and uses your own
          Anthropic key.
        </p>
      </div>
      <PipelinePreview />
      <div className="flex flex-wrap gap-3">
        <Link to="/app" className={buttonStyles.secondary}>
          Go to your features
        </Link>
        <Link to="/app/settings" className={buttonStyles.ghost}>
          Set up your Anthropic key
        </Link>
      </div>
    </div>
  );
}
