import { useState, type ReactNode } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button, TextAreaField } from './fields';

/** What a confirmation asks: the question, what will happen, and the words on the button that does it. */
export interface Confirmation {
  readonly title: string;
  readonly consequence: string;
  readonly confirmLabel: string;
  /** Destroys or takes away (the button is red); otherwise it changes what someone may do. */
  readonly danger?: boolean;
  /** Asks why, for the audit trail: the button waits for at least three characters. */
  readonly reasonLabel?: string;
}

/**
 * An alert dialog before a destructive or privilege-changing action: focus moves into it on "Cancel", Escape or
 * a click outside leaves everything as it was, and only the named button acts.
 */
function ConfirmDialog(props: {
  request: Confirmation | undefined;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { request } = props;
  const [reason, setReason] = useState('');
  const close = () => {
    setReason('');
    props.onCancel();
  };
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={request !== undefined}
      isDismissable
      onOpenChange={(open) => {
        if (!open) close();
      }}
    >
      <Modal className="modal">
        <Dialog role="alertdialog" className="dialog">
          {request && (
            <>
              <Heading slot="title">{request.title}</Heading>
              <p>{request.consequence}</p>
              {request.reasonLabel && (
                <TextAreaField
                  label={request.reasonLabel}
                  value={reason}
                  onChange={setReason}
                  maxLength={500}
                  isRequired
                />
              )}
              <div className="dialog-actions">
                <Button onPress={close} autoFocus={!request.reasonLabel}>
                  {t('common.cancel')}
                </Button>
                <Button
                  variant={request.danger ? 'danger' : 'primary'}
                  isDisabled={request.reasonLabel !== undefined && reason.trim().length < 3}
                  onPress={() => {
                    setReason('');
                    props.onConfirm(reason.trim());
                  }}
                >
                  {request.confirmLabel}
                </Button>
              </div>
            </>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

/**
 * A confirmation held until answered: `ask(confirmation, action)` opens the dialog, and `action` runs only if
 * the person confirms (with the reason, when one was asked). Render `dialog` once in the page.
 */
export function useConfirm(): {
  ask: (confirmation: Confirmation, action: (reason: string) => void) => void;
  dialog: ReactNode;
} {
  const [pending, setPending] = useState<{ confirmation: Confirmation; action: (reason: string) => void }>();
  const dialog = (
    <ConfirmDialog
      request={pending?.confirmation}
      onConfirm={(reason) => {
        pending?.action(reason);
        setPending(undefined);
      }}
      onCancel={() => setPending(undefined)}
    />
  );
  return { ask: (confirmation, action) => setPending({ confirmation, action }), dialog };
}
