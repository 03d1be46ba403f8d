import { usePopover } from './usePopover';

/**
 * Why Train is disabled, in the top bar. The bar has room for a few words, so a long reason is
 * shortened there and the button opens the whole sentence.
 */
export function TrainBlocker({ reason }: { reason: string }) {
  const { open, setOpen, popoverId, root, button } = usePopover();
  return (
    <div className="top-blocker" ref={root}>
      <button
        ref={button}
        type="button"
        className="top-blocker-summary"
        aria-expanded={open}
        aria-controls={open ? popoverId : undefined}
        data-testid="top-train-blocker"
        onClick={() => setOpen(!open)}
      >
        <span className="top-blocker-reason">{reason}</span>
      </button>
      {open && (
        <div id={popoverId} className="top-blocker-popover" role="dialog" aria-label="Why Train is disabled">
          {reason}
        </div>
      )}
    </div>
  );
}
