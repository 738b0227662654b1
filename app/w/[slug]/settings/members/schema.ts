import { z } from "zod";
import { ROLES } from "@/lib/roles";

const userId = z.string().min(1).max(64);

export const changeRoleSchema = z.strictObject({ userId, role: z.enum(ROLES, { error: "Choose owner, admin or member" }) });
export const setActiveSchema = z.strictObject({ userId, active: z.boolean() });
export const removeMemberSchema = z.strictObject({ userId });
export const renewInvitationSchema = z.strictObject({ userId });

export const inviteSchema = z.strictObject({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "Enter an email address")
    .max(254, "Keep the email under 254 characters")
    .pipe(z.email("Enter a valid email address, like ada@example.com")),
  name: z.string().trim().min(1, "Enter the person's name").max(80, "Keep the name under 80 characters"),
  role: z.enum(ROLES, { error: "Choose owner, admin or member" }),
});
export type InviteInput = z.input<typeof inviteSchema>;

export const PASSWORD_MIN_LENGTH = 12;

export const setPasswordSchema = z
  .strictObject({
    secret: z.string().min(1).max(100),
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
      .max(200, "Keep the password under 200 characters"),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ" });
export type SetPasswordInput = z.input<typeof setPasswordSchema>;
