// The first message typed on /app/chat travels to the new feature's page here rather than in
// the URL (where it would linger in history) or router state (which a reload replays). Reading
// it is pure (React may call a state initialiser twice); the chat forgets it once it is sent.
const pending = new Map<string, string>();

export function leaveFirstMessage(featureId: string, message: string) {
  pending.set(featureId, message);
}

export function peekFirstMessage(featureId: string): string | undefined {
  return pending.get(featureId);
}

export function forgetFirstMessage(featureId: string) {
  pending.delete(featureId);
}
