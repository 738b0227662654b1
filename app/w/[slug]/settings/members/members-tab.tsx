"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { DropdownMenu } from "radix-ui";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { RelativeTime } from "@/components/relative-time";
import { AlertDialog, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { FormAlert } from "@/components/ui/form-alert";
import { hasRole, ROLES, type Role } from "@/lib/roles";
import { calendarDate } from "@/lib/time";
import type { MemberView } from "@/lib/workspaces/people";
import { inviteMemberAction, removeMemberAction, renewInvitationAction, setMemberActiveAction } from "./actions";
import { type InviteLink, LinkDialog } from "./link-dialog";
import { RoleControl } from "./role-control";
import { type InviteInput, inviteSchema } from "./schema";

const ITEM = "cursor-pointer rounded-md px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100";

interface Viewer {
  id: string;
  role: Role;
}

/** Admins manage members; admins and owners are an owner's to manage; nobody manages themselves here. */
function canManage(viewer: Viewer, member: MemberView) {
  if (member.userId === viewer.id || !hasRole(viewer.role, "admin")) return false;
  return hasRole(viewer.role, "owner") || !hasRole(member.role, "admin");
}

const STATUS_BADGE: Record<MemberView["status"], { label: string; tone: "success" | "warning" | "info" }> = {
  active: { label: "Active", tone: "success" },
  deactivated: { label: "Deactivated", tone: "warning" },
  invited: { label: "Invited", tone: "info" },
};

export function MembersTab({ slug, members, viewer }: { slug: string; members: MemberView[]; viewer: Viewer }) {
  const manager = hasRole(viewer.role, "admin");
  const [inviting, setInviting] = useState(false);
  const [confirm, setConfirm] = useState<{ kind: "deactivate" | "remove"; member: MemberView } | null>(null);
  const [renewing, setRenewing] = useState<MemberView | null>(null);
  return (
    <section aria-labelledby="members-heading" className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-2xl">
          <h2 id="members-heading" className="text-lg font-semibold">
            Members
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {manager
              ? "Invite people, change what they may do, and end their access. Workspace tokens someone created keep working after they leave; their personal tokens stop."
              : "Everyone in this workspace. Admins and owners manage the list."}
          </p>
        </div>
        {manager && (
          <Button data-invite-member onClick={() => setInviting(true)}>
            Invite person
          </Button>
        )}
      </div>
      <ul className="divide-y divide-slate-100 rounded-xl bg-white ring-1 ring-slate-200" aria-label="Members">
        {members.map((m) => (
          <MemberRow key={m.userId} slug={slug} member={m} viewer={viewer} onConfirm={setConfirm} onRenew={setRenewing} />
        ))}
      </ul>
      <InviteDialog slug={slug} open={inviting} ownerInviting={hasRole(viewer.role, "owner")} onClose={() => setInviting(false)} />
      <ConfirmDialog slug={slug} confirm={confirm} onClose={() => setConfirm(null)} />
      <RenewDialog slug={slug} member={renewing} onClose={() => setRenewing(null)} />
    </section>
  );
}

function MemberRow({
  slug,
  member: m,
  viewer,
  onConfirm,
  onRenew,
}: {
  slug: string;
  member: MemberView;
  viewer: Viewer;
  onConfirm: (c: { kind: "deactivate" | "remove"; member: MemberView }) => void;
  onRenew: (member: MemberView) => void;
}) {
  const [, startTransition] = useTransition();
  const manageable = canManage(viewer, m);
  const badge = STATUS_BADGE[m.status];
  const reactivate = () =>
    startTransition(async () => {
      const result = await setMemberActiveAction(slug, { userId: m.userId, active: true });
      if (!result.ok) return void toast.error(result.error);
      toast.success(`${m.name} can use this workspace again.`);
    });
  return (
    <li className="grid items-center gap-3 p-4 sm:grid-cols-[minmax(0,1.6fr)_10rem_minmax(0,1fr)_auto]" data-member={m.email}>
      <div className="min-w-0">
        <p className="font-medium text-slate-900 [overflow-wrap:anywhere]">
          {m.name}
          {m.userId === viewer.id && <span className="font-normal text-slate-600"> (you)</span>}
        </p>
        <p className="text-sm text-slate-600 [overflow-wrap:anywhere]">{m.email}</p>
      </div>
      <div>
        {manageable && hasRole(viewer.role, "owner") ? (
          <RoleControl slug={slug} member={m} />
        ) : (
          <span className="text-sm capitalize text-slate-700">{m.role}</span>
        )}
      </div>
      <div className="space-y-0.5 text-xs text-slate-600">
        <Badge tone={badge.tone}>{badge.label}</Badge>
        <p>
          {m.status === "invited" && m.invitationExpiresAt ? (
            <>
              Link expires{" "}
              <time dateTime={m.invitationExpiresAt} suppressHydrationWarning>
                {calendarDate(new Date(m.invitationExpiresAt))}
              </time>
            </>
          ) : (
            <>
              Last sign-in: <RelativeTime iso={m.lastSignInAt} fallback="never" />
            </>
          )}
        </p>
      </div>
      <div className="flex justify-end">
        {manageable && (
          <DropdownMenu.Root modal={false}>
            <DropdownMenu.Trigger
              className="rounded-md px-2 py-1 text-sm text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50"
              aria-label={`Manage ${m.name}`}
              data-manage-member={m.userId}
            >
              Manage
            </DropdownMenu.Trigger>
            <DropdownMenu.Content
              align="end"
              sideOffset={4}
              className="z-30 min-w-44 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-200"
            >
              {m.status === "invited" && (
                <DropdownMenu.Item onSelect={() => onRenew(m)} className={ITEM}>
                  New link…
                </DropdownMenu.Item>
              )}
              {m.status === "deactivated" ? (
                <DropdownMenu.Item onSelect={reactivate} className={ITEM}>
                  Reactivate
                </DropdownMenu.Item>
              ) : (
                <DropdownMenu.Item onSelect={() => onConfirm({ kind: "deactivate", member: m })} className={ITEM}>
                  Deactivate…
                </DropdownMenu.Item>
              )}
              <DropdownMenu.Item
                onSelect={() => onConfirm({ kind: "remove", member: m })}
                className={`${ITEM} text-red-700 data-[highlighted]:bg-red-50`}
              >
                Remove from workspace…
              </DropdownMenu.Item>
            </DropdownMenu.Content>
          </DropdownMenu.Root>
        )}
      </div>
    </li>
  );
}

function ConfirmDialog({
  slug,
  confirm,
  onClose,
}: {
  slug: string;
  confirm: { kind: "deactivate" | "remove"; member: MemberView } | null;
  onClose: () => void;
}) {
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<string | null>(null);
  const m = confirm?.member;
  const removing = confirm?.kind === "remove";
  const run = () =>
    startTransition(async () => {
      if (!m) return;
      const result = removing
        ? await removeMemberAction(slug, { userId: m.userId })
        : await setMemberActiveAction(slug, { userId: m.userId, active: false });
      if (!result.ok) return setProblem(result.error);
      toast.success(removing ? `${m.name} was removed from this workspace.` : `${m.name} was deactivated.`);
      setProblem(null);
      onClose();
      requestAnimationFrame(() => document.querySelector<HTMLElement>("[data-invite-member]")?.focus());
    });
  return (
    <AlertDialog
      open={confirm !== null}
      onOpenChange={(open) => {
        if (!open) {
          setProblem(null);
          onClose();
        }
      }}
    >
      <AlertDialogContent
        title={removing ? `Remove ${m?.name ?? ""} from this workspace?` : `Deactivate ${m?.name ?? ""}?`}
        description={
          <>
            <p>
              {removing
                ? "They lose access at once and are signed out. Their personal tokens stop working; workspace tokens they created keep working. To bring them back, invite them again."
                : "They are signed out at once and cannot open this workspace until reactivated. Their personal tokens stop working; workspace tokens they created keep working."}
            </p>
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
          <Button variant="danger" pending={pending} onClick={run}>
            {removing ? "Remove" : "Deactivate"}
          </Button>
        </div>
      </AlertDialogContent>
    </AlertDialog>
  );
}

function InviteDialog({
  slug,
  open,
  ownerInviting,
  onClose,
}: {
  slug: string;
  open: boolean;
  ownerInviting: boolean;
  onClose: () => void;
}) {
  // The link lives here only while the dialog shows it.
  const [link, setLink] = useState<InviteLink | null>(null);
  const close = () => {
    setLink(null);
    onClose();
  };
  return (
    <LinkDialog
      open={open}
      title="Invite a person"
      description="No email is sent: you get a one-time link to pass on."
      link={link}
      onClose={close}
    >
      <InviteForm
        slug={slug}
        ownerInviting={ownerInviting}
        onCancel={close}
        onInvited={(secret, email, expiresAt) => setLink({ url: `${window.location.origin}/invite#${secret}`, email, expiresAt })}
      />
    </LinkDialog>
  );
}

/** "New link": asks first (the link the person has stops working), then shows the new one once. */
function RenewDialog({ slug, member, onClose }: { slug: string; member: MemberView | null; onClose: () => void }) {
  const [link, setLink] = useState<InviteLink | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const close = () => {
    setLink(null);
    setProblem(null);
    onClose();
    requestAnimationFrame(() => document.querySelector<HTMLElement>("[data-invite-member]")?.focus());
  };
  const renew = () =>
    startTransition(async () => {
      if (!member) return;
      const result = await renewInvitationAction(slug, { userId: member.userId });
      if (!result.ok) return setProblem(result.error);
      setLink({
        url: `${window.location.origin}/invite#${result.data.secret}`,
        email: result.data.email,
        expiresAt: result.data.expiresAt,
      });
    });
  return (
    <LinkDialog
      open={member !== null}
      title={`New link for ${member?.name ?? ""}?`}
      description="The link they have now stops working, and a new one-time link is shown to you once."
      link={link}
      onClose={close}
    >
      <div className="space-y-4">
        <FormAlert>{problem}</FormAlert>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button pending={pending} onClick={renew}>
            Make a new link
          </Button>
        </div>
      </div>
    </LinkDialog>
  );
}

function InviteForm({
  slug,
  ownerInviting,
  onCancel,
  onInvited,
}: {
  slug: string;
  ownerInviting: boolean;
  onCancel: () => void;
  onInvited: (secret: string, email: string, expiresAt: string) => void;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<InviteInput>({
    resolver: zodResolver(inviteSchema),
    defaultValues: { email: "", name: "", role: "member" },
  });
  const { errors } = formState;
  const submit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await inviteMemberAction(slug, values);
    if (result.ok) return onInvited(result.data.secret, values.email.trim().toLowerCase(), result.data.expiresAt);
    for (const [name, list] of Object.entries(result.fieldErrors ?? {})) {
      if (list?.[0]) setError(name as keyof InviteInput, { message: list[0] });
    }
    if (!result.fieldErrors) setFormError(result.error);
  });
  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Invite a person">
      <FormAlert>{formError}</FormAlert>
      <Field id="invite-email" label="Email" error={errors.email?.message}>
        <input
          id="invite-email"
          type="email"
          autoComplete="off"
          className={inputClass}
          aria-invalid={Boolean(errors.email) || undefined}
          aria-describedby={describedBy("invite-email", { error: errors.email })}
          {...register("email")}
        />
      </Field>
      <Field id="invite-name" label="Name" error={errors.name?.message}>
        <input
          id="invite-name"
          autoComplete="off"
          className={inputClass}
          aria-invalid={Boolean(errors.name) || undefined}
          aria-describedby={describedBy("invite-name", { error: errors.name })}
          {...register("name")}
        />
      </Field>
      <Field
        id="invite-role"
        label="Role"
        hint={ownerInviting ? "Owners and admins manage tokens and members." : "Only owners can invite admins or owners."}
        error={errors.role?.message}
      >
        <select
          id="invite-role"
          className={`${inputClass} capitalize`}
          aria-invalid={Boolean(errors.role) || undefined}
          aria-describedby={describedBy("invite-role", { hint: true, error: errors.role })}
          {...register("role")}
        >
          {ROLES.map((role) => (
            <option key={role} value={role} disabled={!ownerInviting && role !== "member"}>
              {role}
            </option>
          ))}
        </select>
      </Field>
      <FormActions onCancel={onCancel} submitLabel="Create invitation link" pending={formState.isSubmitting} />
    </form>
  );
}
