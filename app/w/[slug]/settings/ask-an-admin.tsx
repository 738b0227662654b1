/** Who a member asks for an API token: the workspace's owners and admins, by name, with a mail link. */
export function AskAnAdmin({ admins }: { admins: { name: string; email: string }[] }) {
  if (admins.length === 0) {
    return <p className="mt-2 text-sm text-slate-600">Only owners and admins manage API tokens, and this workspace has none active.</p>;
  }
  return (
    <div className="mt-2 space-y-2 text-sm text-slate-600">
      <p>Only owners and admins manage this workspace's API tokens. To get one, ask:</p>
      <ul aria-label="Workspace admins" className="space-y-1">
        {admins.map((admin) => (
          <li key={admin.email}>
            <span className="font-medium text-slate-800">{admin.name}</span>{" "}
            <a className="text-brand-700 hover:underline" href={`mailto:${admin.email}`}>
              {admin.email}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
