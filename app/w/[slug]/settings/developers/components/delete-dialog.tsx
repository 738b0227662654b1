"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { AlertDialog, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import type { TokenView } from "@/lib/tokens/view";
import { deletePersonalTokenAction, deleteTokenAction } from "../actions";
import { messages } from "../messages";
import { manageButtonOf } from "./token-list";

export function DeleteDialog({
  slug,
  token,
  onClose,
  own = false,
  onDeleted,
}: {
  slug: string;
  token: TokenView | null;
  onClose: () => void;
  /** After a successful delete (before onClose), e.g. to leave the token's own page. */
  onDeleted?: () => void;
  /** The signed-in person's own personal token (any member may delete theirs); otherwise an admin deleting. */
  own?: boolean;
}) {
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<string | null>(null);
  const returnTo = useReturnFocusToMenu(token);
  const confirm = () =>
    startTransition(async () => {
      if (!token) return;
      // Read before the list re-renders without the row: focus goes to the neighbouring row afterwards.
      const neighbour = neighbourOf(token.id);
      const remove = own ? deletePersonalTokenAction : deleteTokenAction;
      const result = await remove(slug, { tokenId: token.id, version: token.version });
      if (result.ok) {
        returnTo.current = neighbour;
        toast.success(`Deleted “${result.data.name}”. It can no longer be used.`);
        setProblem(null);
        onDeleted?.();
        onClose();
      } else setProblem(result.error);
    });
  return (
    <AlertDialog
      open={token !== null}
      onOpenChange={(open) => {
        if (!open) {
          setProblem(null);
          onClose();
        }
      }}
    >
      <AlertDialogContent
        title={`Delete “${token?.name ?? ""}”?`}
        description={
          <>
            <p>{messages.deleteBody}</p>
            {problem && (
              <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-red-800 ring-1 ring-red-200">
                {problem}
              </p>
            )}
          </>
        }
      >
        <div className="flex justify-end gap-2">
          <AlertDialogCancel asChild>
            <Button variant="secondary">Cancel</Button>
          </AlertDialogCancel>
          <Button variant="danger" pending={pending} onClick={confirm}>
            Delete token
          </Button>
        </div>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/**
 * The dialog opens from a row's Manage menu, not from a Radix trigger, so on
 * close focus would fall to <body>: put it back on that row's Manage button,
 * or after a delete on the neighbouring row's, or on "Create token" when the
 * list is now empty.
 */
function useReturnFocusToMenu(token: TokenView | null) {
  const returnTo = useRef<string | null>(null);
  useEffect(() => {
    if (token) {
      returnTo.current = token.id;
      return;
    }
    if (!returnTo.current) return;
    const target = returnTo.current;
    returnTo.current = null;
    // After a delete the row leaves with the next render; wait for it.
    requestAnimationFrame(() => {
      const button = target === CREATE ? null : manageButtonOf(target);
      (button ?? document.querySelector<HTMLElement>("[data-create-token]"))?.focus();
    });
  }, [token]);
  return returnTo;
}

const CREATE = "create";

/** The row after this one, else the one before, else "Create token". */
function neighbourOf(tokenId: string): string {
  const row = document.querySelector(`[data-token-id="${CSS.escape(tokenId)}"]`);
  const next = (row?.nextElementSibling ?? row?.previousElementSibling) as HTMLElement | null;
  return next?.dataset.tokenId ?? CREATE;
}
