import { redirect } from "next/navigation";

export default function SettingsEntry() {
  redirect("/settings/developers");
}
