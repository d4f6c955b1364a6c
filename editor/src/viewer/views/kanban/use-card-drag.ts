import {
  type PointerEvent as ReactPointerEvent,
  type RefObject,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

export interface CardDrag {
  rowId: string;
  /** How far the card has moved from where it was picked up. */
  dx: number;
  dy: number;
  /** The column under the pointer (its `data-kanban-column`), if any. */
  over: string | null;
}

/** Pixels a pointer moves before a press becomes a drag (so a click stays a click). */
const THRESHOLD = 6;
/** Near a side of the board, the board scrolls that way while a card is dragged. */
const EDGE = 48;

/** Controls that keep their own pointer meaning; a card's title link may start a drag (its click is then swallowed). */
const INTERACTIVE = 'button, select, input, textarea, [role="button"]';

function columnAt(x: number, y: number): string | null {
  const element = document.elementFromPoint(x, y);
  return element?.closest('[data-kanban-column]')?.getAttribute('data-kanban-column') ?? null;
}

/**
 * Dragging cards with pointer events: a mouse or pen drags the card itself; a finger drags it by
 * its handle (`data-drag-handle`), so swiping a card still scrolls the board. The card follows
 * the pointer, the column under it is tracked, and a drop calls `onDrop`. The click a drag ends
 * with is swallowed, so dropping a card does not also open it.
 */
export function useCardDrag(
  board: RefObject<HTMLElement | null>,
  onDrop: (rowId: string, columnKey: string) => void,
) {
  const [drag, setDrag] = useState<CardDrag | null>(null);
  const cleanup = useRef<(() => void) | null>(null);
  const drop = useRef(onDrop);
  drop.current = onDrop;

  useEffect(() => () => cleanup.current?.(), []);

  const onPointerDown = useCallback(
    (event: ReactPointerEvent<HTMLElement>, rowId: string) => {
      if (event.button !== 0 || cleanup.current) return;
      const target = event.target as HTMLElement;
      const onHandle = target.closest('[data-drag-handle]') !== null;
      if (event.pointerType === 'touch' && !onHandle) return;
      if (!onHandle && target.closest(INTERACTIVE)) return;
      const startX = event.clientX;
      const startY = event.clientY;
      let started = false;
      let over: string | null = null;

      const move = (e: PointerEvent) => {
        const dx = e.clientX - startX;
        const dy = e.clientY - startY;
        if (!started && Math.hypot(dx, dy) < THRESHOLD) return;
        started = true;
        e.preventDefault();
        over = columnAt(e.clientX, e.clientY);
        setDrag({ rowId, dx, dy, over });
        const box = board.current?.getBoundingClientRect();
        if (board.current && box) {
          if (e.clientX < box.left + EDGE) board.current.scrollBy({ left: -24 });
          else if (e.clientX > box.right - EDGE) board.current.scrollBy({ left: 24 });
        }
      };
      const swallowClick = (e: MouseEvent) => {
        e.preventDefault();
        e.stopPropagation();
      };
      const end = (e: PointerEvent) => {
        finish();
        if (!started) return;
        // The click that follows this pointerup belongs to the drag, not to a link on the card.
        window.addEventListener('click', swallowClick, { capture: true, once: true });
        setTimeout(() => window.removeEventListener('click', swallowClick, { capture: true }), 0);
        if (e.type === 'pointerup' && over !== null) drop.current(rowId, over);
      };
      const finish = () => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', end);
        window.removeEventListener('pointercancel', end);
        cleanup.current = null;
        setDrag(null);
      };
      window.addEventListener('pointermove', move, { passive: false });
      window.addEventListener('pointerup', end);
      window.addEventListener('pointercancel', end);
      cleanup.current = finish;
    },
    [board],
  );

  return { drag, onPointerDown };
}
