"use client";

import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import { AlertDialog, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { hasRole, ROLES, type Role } from "@/lib/roles";
import type { MemberView } from "@/lib/workspaces/people";
import { changeRoleAction } from "./actions";

/** What granting a role lets the person do, said before it happens. */
const GRANTS: Record<"admin" | "owner", string> = {
  admin:
    "create, regenerate and delete the workspace's API tokens (which reach every device), read the audit log, set the webhook, and invite, deactivate and remove members",
  owner:
    "everything an admin can, and also change admins' and owners' roles, the token lifetime policy and the default request limit, and remove other owners",
};

const article = (role: Role) => (role === "admin" || role === "owner" ? "an" : "a");

/**
 * An owner's role picker for one member. Picking and applying are two steps:
 * browsing the options (arrow keys included) never saves; Apply does, and
 * granting admin or owner first asks, naming what the person will be able to do.
 */
export function RoleControl({ slug, member }: { slug: string; member: MemberView }) {
  const [chosen, setChosen] = useState<Role>(member.role);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  // Saved elsewhere (another owner, a refresh): show what it is now.
  useEffect(() => setChosen(member.role), [member.role]);
  const id = `role-${member.userId}`;
  const changed = chosen !== member.role;
  const grants = changed && (chosen === "admin" || chosen === "owner") && !hasRole(member.role, chosen);

  const apply = () =>
    startTransition(async () => {
      const result = await changeRoleAction(slug, { userId: member.userId, role: chosen });
      setConfirming(false);
      if (!result.ok) {
        setChosen(member.role);
        return void toast.error(result.error);
      }
      toast.success(`${member.name} is now ${article(chosen)} ${chosen}.`);
    });

  return (
    <div className="flex flex-wrap items-center gap-2">
      <label htmlFor={id} className="sr-only">
        Role of {member.name}
      </label>
      <select
        id={id}
        className={`${inputClass} w-auto py-1 capitalize`}
        value={chosen}
        disabled={pending}
        onChange={(event) => setChosen(event.target.value as Role)}
      >
        {ROLES.map((role) => (
          <option key={role} value={role} className="capitalize">
            {role}
          </option>
        ))}
      </select>
      {changed && (
        <>
          <Button
            size="sm"
            pending={pending}
            aria-label={`Apply role ${chosen} for ${member.name}`}
            onClick={() => (grants ? setConfirming(true) : apply())}
          >
            Apply
          </Button>
          <Button
            size="sm"
            variant="secondary"
            disabled={pending}
            aria-label={`Cancel role change for ${member.name}`}
            onClick={() => setChosen(member.role)}
          >
            Cancel
          </Button>
        </>
      )}
      <AlertDialog open={confirming} onOpenChange={(open) => !open && setConfirming(false)}>
        <AlertDialogContent
          title={`Make ${member.name} ${article(chosen)} ${chosen}?`}
          description={
            <p>
              As {article(chosen)} {chosen}, {member.name} will be able to {chosen === "owner" ? GRANTS.owner : GRANTS.admin}.
            </p>
          }
        >
          <div className="flex justify-end gap-2">
            <AlertDialogCancel asChild>
              <Button variant="secondary">Cancel</Button>
            </AlertDialogCancel>
            <Button pending={pending} onClick={apply}>
              Make {chosen}
            </Button>
          </div>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
