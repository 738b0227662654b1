"use client";

import { useRef, useState, type ReactNode } from "react";
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { messages } from "../messages";
import type { IssuedToken } from "@/lib/tokens/service";
import { SecretView } from "./secret-view";

/**
 * A dialog that starts as a form and becomes the show-once view of a new
 * secret. While a secret is shown, outside clicks do nothing and every way of
 * closing asks for confirmation; closing drops the secret from state.
 */
export function ShowOnceDialog({
  open,
  onClose,
  title,
  description,
  issued,
  onForget,
  returnFocus,
  unsaved,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  issued: IssuedToken | null;
  onForget: () => void;
  /** Where focus goes on close when the element that opened the dialog is gone (e.g. a menu item). */
  returnFocus?: () => HTMLElement | null;
  /** Whether the form holds unsaved input; closing then asks before discarding it. */
  unsaved?: () => boolean;
  children: ReactNode;
}) {
  const [confirming, setConfirming] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  // Where focus was when a confirmation opened: "Keep it open" / "Keep editing" puts it back there.
  const resumeAt = useRef<HTMLElement | null>(null);
  const ask = (which: "secret" | "discard") => {
    const active = document.activeElement;
    resumeAt.current = active instanceof HTMLElement && active !== document.body ? active : null;
    if (which === "secret") setConfirming(true);
    else setDiscarding(true);
  };
  const resume = (e: Event) => {
    e.preventDefault();
    const target = resumeAt.current?.isConnected ? resumeAt.current : document.getElementById("token-value");
    target?.focus();
  };
  // Once the value was copied (button or keyboard), closing is one step: the warning has done its job.
  const [copied, setCopied] = useState(false);
  // Opened from state, not from a Radix trigger, so Radix has nowhere to return focus to on close.
  const opener = useRef<HTMLElement | null>(null);
  const close = () => {
    setConfirming(false);
    setDiscarding(false);
    setCopied(false);
    onForget();
    onClose();
  };
  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          if (next) return;
          if (issued && !copied) ask("secret");
          else if (!issued && unsaved?.()) ask("discard");
          else close();
        }}
      >
        <DialogContent
          title={issued ? "Token ready — copy it now" : title}
          description={issued ? undefined : description}
          onInteractOutside={(e) => {
            if (issued) e.preventDefault();
          }}
          onOpenAutoFocus={() => {
            const active = document.activeElement;
            opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
          }}
          onCloseAutoFocus={(e) => {
            const target = opener.current?.isConnected ? opener.current : (returnFocus?.() ?? null);
            if (!target) return;
            e.preventDefault();
            target.focus();
          }}
        >
          {issued ? (
            <>
              <SecretView issued={issued} onCopied={() => setCopied(true)} />
              <div className="mt-6 flex justify-end">
                <Button onClick={() => (copied ? close() : ask("secret"))}>Done</Button>
              </div>
            </>
          ) : (
            children
          )}
        </DialogContent>
      </Dialog>
      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <AlertDialogContent title={messages.closeConfirmTitle} description={messages.closeConfirmBody} onCloseAutoFocus={resume}>
          <div className="flex justify-end gap-2">
            <AlertDialogCancel asChild>
              <Button variant="secondary">Keep it open</Button>
            </AlertDialogCancel>
            <AlertDialogAction asChild>
              <Button variant="danger" onClick={close}>
                Close anyway
              </Button>
            </AlertDialogAction>
          </div>
        </AlertDialogContent>
      </AlertDialog>
      <AlertDialog open={discarding} onOpenChange={setDiscarding}>
        <AlertDialogContent title={messages.discardTitle} description={messages.discardBody} onCloseAutoFocus={resume}>
          <div className="flex justify-end gap-2">
            <AlertDialogCancel asChild>
              <Button variant="secondary">Keep editing</Button>
            </AlertDialogCancel>
            <AlertDialogAction asChild>
              <Button variant="danger" onClick={close}>
                Discard
              </Button>
            </AlertDialogAction>
          </div>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
