import { useEffect, useId, useRef, useState } from 'react';

/**
 * A popover opened by a button: `root` wraps both, `button` is the one that opens it. Escape closes it
 * and puts focus back on the button; a press outside `root` closes it too.
 */
export function usePopover() {
  const [open, setOpen] = useState(false);
  const popoverId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      // Escape here only closes the popover; the studio's shortcuts must not see it too.
      event.stopPropagation();
      setOpen(false);
      button.current?.focus();
    };
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open]);

  return { open, setOpen, popoverId, root, button };
}
