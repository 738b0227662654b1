"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { IssuedToken } from "@/lib/tokens/service";
import type { TokenView } from "@/lib/tokens/view";
import { DeleteDialog } from "../../components/delete-dialog";
import { EditTokenDialog } from "../../components/edit-token-dialog";
import { RegenerateForm } from "../../components/regenerate-form";
import { ShowOnceDialog } from "../../components/show-once-dialog";

/** Edit, regenerate and delete from the token's own page; after a delete the list is where there is left to go. */
export function TokenActions({
  slug,
  token,
  maxDays,
  own,
  editable,
}: {
  slug: string;
  token: TokenView;
  maxDays: number | null;
  /** The viewer's own personal token (regenerated and deleted through the personal actions). */
  own: boolean;
  /** Workspace tokens: admins edit name, description and allowlist. */
  editable: boolean;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [regenerating, setRegenerating] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const canRegenerate = own || editable;
  return (
    <div className="flex flex-wrap gap-2">
      {editable && (
        <Button variant="secondary" size="sm" onClick={() => setEditing(true)} data-token-action="edit">
          Edit…
        </Button>
      )}
      {canRegenerate && (
        <Button variant="secondary" size="sm" onClick={() => setRegenerating(true)} data-token-action="regenerate">
          Regenerate…
        </Button>
      )}
      <Button variant="danger" size="sm" onClick={() => setDeleting(true)}>
        Delete…
      </Button>
      <EditTokenDialog slug={slug} token={editing ? token : null} onClose={() => setEditing(false)} />
      <ShowOnceDialog
        open={regenerating}
        onClose={() => {
          setRegenerating(false);
          router.refresh();
        }}
        title={`Regenerate “${token.name}”`}
        description="Name, description, scopes and resources stay the same."
        issued={regenerating ? issued : null}
        onForget={() => setIssued(null)}
        returnFocus={() => document.querySelector<HTMLElement>('[data-token-action="regenerate"]')}
      >
        {regenerating && (
          <RegenerateForm
            slug={slug}
            own={own}
            maxDays={maxDays}
            token={token}
            onDone={setIssued}
            onCancel={() => setRegenerating(false)}
          />
        )}
      </ShowOnceDialog>
      <DeleteDialog
        slug={slug}
        own={own}
        token={deleting ? token : null}
        onDeleted={() => router.push(`/w/${slug}/settings/developers?env=${token.environment}`)}
        onClose={() => setDeleting(false)}
      />
    </div>
  );
}
