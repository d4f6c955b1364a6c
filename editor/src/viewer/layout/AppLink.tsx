import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { isPlainClick } from '../routing.ts';

type Props = AnchorHTMLAttributes<HTMLAnchorElement> & {
  href: string;
  /** Called instead of a page load on a plain click; middle and modified clicks stay the browser's. */
  onNavigate: () => void;
};

/** A real link (so it can be opened in a new tab, copied, read out as a link) that navigates in the page. */
export function AppLink({ href, onNavigate, onClick, ...rest }: Props) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (!isPlainClick(event) || rest.target === '_blank') return;
    event.preventDefault();
    onNavigate();
  };
  return <a href={href} {...rest} onClick={handle} />;
}
