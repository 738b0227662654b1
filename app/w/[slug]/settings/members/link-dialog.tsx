"use client";

import { useState, type ReactNode } from "react";
import { CopyButton } from "@/components/copy-button";
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { calendarDate } from "@/lib/time";

export interface InviteLink {
  url: string;
  email: string;
  expiresAt: string;
}

/**
 * A dialog that starts with `children` (the invite form, or the question
 * before a new link) and then shows a one-time set-password link. The link is
 * guarded like a token: until it was copied, Escape, Done and the close button
 * ask first; closing drops it from state.
 */
export function LinkDialog({
  open,
  title,
  description,
  link,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  description?: ReactNode;
  link: InviteLink | null;
  onClose: () => void;
  children: ReactNode;
}) {
  const [copied, setCopied] = useState(false);
  const [asking, setAsking] = useState(false);
  const close = () => {
    setCopied(false);
    setAsking(false);
    onClose();
  };
  const tryClose = () => (link && !copied ? setAsking(true) : close());
  return (
    <>
      <Dialog open={open} onOpenChange={(next) => !next && tryClose()}>
        <DialogContent
          title={link ? "Send this link" : title}
          description={link ? undefined : description}
          onInteractOutside={(event) => event.preventDefault()}
        >
          {link ? (
            <div className="space-y-4">
              <p className="text-sm text-slate-700">
                Send this link to <strong>{link.email}</strong> yourself. It sets their password, works once, and expires on{" "}
                {calendarDate(new Date(link.expiresAt))}. It will not be shown again.
              </p>
              <div className="flex flex-wrap items-center gap-2 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
                <code
                  className="min-w-0 flex-1 font-mono text-xs text-slate-800 [overflow-wrap:anywhere]"
                  data-testid="invite-link"
                  onCopy={() => setCopied(true)}
                >
                  {link.url}
                </code>
                <CopyButton value={link.url} label="Copy link" onCopied={() => setCopied(true)} />
              </div>
              <div className="flex justify-end">
                <Button onClick={tryClose}>Done</Button>
              </div>
            </div>
          ) : (
            children
          )}
        </DialogContent>
      </Dialog>
      <AlertDialog open={asking} onOpenChange={setAsking}>
        <AlertDialogContent
          title="Close without copying the link?"
          description="It will not be shown again. If it is lost, choose New link in the person's Manage menu: the link you did not copy then stops working."
        >
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
    </>
  );
}
