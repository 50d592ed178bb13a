/**
 * Staff roles and what each may do (README "Staff console"). Every staff tRPC procedure declares
 * one of these permissions; a role holds the permissions of the roles below it.
 */
export const STAFF_ROLES = ["VIEWER", "ANALYST", "ADMIN"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_PERMISSIONS = {
  /** Read every console screen. */
  "console.read": "VIEWER",
  /** Change one's own password. */
  "self.password": "VIEWER",
  /** Approve or reject a payment in the review queue. */
  "reviews.decide": "ANALYST",
  /** Open, investigate, conclude and export Alipay+ risk cases; import them from CSV. */
  "cases.write": "ANALYST",
  /** Add and remove block and allow list entries. */
  "lists.write": "ANALYST",
  /** Create, edit and discard the draft rule set; backtest it. */
  "rules.draft": "ANALYST",
  /** Publish a draft and roll back to an earlier version. */
  "rules.publish": "ADMIN",
  /** Invite staff, change roles, disable accounts. */
  "staff.manage": "ADMIN",
} as const satisfies Record<string, StaffRole>;

export type StaffPermission = keyof typeof STAFF_PERMISSIONS;

export function roleRank(role: StaffRole): number {
  return STAFF_ROLES.indexOf(role);
}

export function roleCan(role: StaffRole, permission: StaffPermission): boolean {
  return roleRank(role) >= roleRank(STAFF_PERMISSIONS[permission]);
}

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}
