/**
 * A "?" that opens an explanation in a modal dialog: Esc or Close shuts it and focus goes back to
 * the "?" (the native <dialog> traps focus while open, so keyboard users cannot get lost behind it).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import '../styles/info.css';

interface Props {
  /** The button's accessible name, e.g. "About deployment frequency". */
  label: string;
  title: string;
  children: ComponentChildren;
}

export function InfoButton({ label, title, children }: Props) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    if (open && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [open]);
  const close = () => {
    dialog.current?.close();
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        class="info-button"
        aria-label={label}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        ?
      </button>
      {open && (
        <dialog
          ref={dialog}
          class="info-dialog"
          aria-labelledby={`${id}-title`}
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
          // A click on the backdrop lands on the dialog itself, outside its content box.
          onClick={(event) => {
            if (event.target === dialog.current) close();
          }}
        >
          <div class="info-body">
            <header>
              <h2 id={`${id}-title`}>{title}</h2>
              <button type="button" class="info-close" onClick={close}>
                Close
              </button>
            </header>
            {children}
          </div>
        </dialog>
      )}
    </>
  );
}
