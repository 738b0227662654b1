/** A unique constraint refused the write (Prisma's P2002, on either database). */
export function isUniqueViolation(error: unknown) {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
