import { z } from "zod";
import { STAFF_ROLES } from "../../auth/staff-permissions";
import {
  changeOwnPassword,
  changeStaffRole,
  createStaffMember,
  listStaff,
  setStaffDisabled,
  signOutStaff,
  type StaffMemberView,
} from "../../staff/staff-members";
import { createTRPCRouter, staffProcedure } from "../init";

const ZStaffId = z.uuid();
const ZRole = z.enum(STAFF_ROLES);

function toStaffDto(staff: StaffMemberView) {
  return {
    staffId: staff.staffId,
    email: staff.email,
    role: staff.role,
    disabledAt: staff.disabledAt?.toISOString() ?? null,
    createdAt: staff.createdAt.toISOString(),
    createdBy: staff.createdBy,
  };
}

export const staffRouter = createTRPCRouter({
  /** The signed-in staff member (the console layout shows it and hides what the role cannot do). */
  me: staffProcedure("console.read").query(({ ctx }) => ctx.staff),

  list: staffProcedure("staff.manage").query(async ({ ctx }) =>
    (await listStaff(ctx.db)).map(toStaffDto),
  ),

  /** Creates an account with a generated password, returned this once. */
  invite: staffProcedure("staff.manage")
    .input(z.strictObject({ email: z.string().max(320), role: ZRole }))
    .mutation(async ({ ctx, input }) => {
      const { staff, password } = await createStaffMember(ctx.db, input, ctx.staff);
      return { staff: toStaffDto(staff), password };
    }),

  changeRole: staffProcedure("staff.manage")
    .input(z.strictObject({ staffId: ZStaffId, role: ZRole }))
    .mutation(async ({ ctx, input }) =>
      toStaffDto(await changeStaffRole(ctx.db, ctx.staff, input.staffId, input.role)),
    ),

  setDisabled: staffProcedure("staff.manage")
    .input(z.strictObject({ staffId: ZStaffId, disabled: z.boolean() }))
    .mutation(async ({ ctx, input }) =>
      toStaffDto(await setStaffDisabled(ctx.db, ctx.staff, input.staffId, input.disabled)),
    ),

  changeOwnPassword: staffProcedure("self.password")
    .input(
      z.strictObject({ currentPassword: z.string().max(1024), newPassword: z.string().max(1024) }),
    )
    .mutation(async ({ ctx, input }) => {
      await changeOwnPassword(
        ctx.db,
        ctx.staff,
        input.currentPassword,
        input.newPassword,
        ctx.session?.staff?.sessionId,
      );
      return { changed: true as const };
    }),

  /** Ends every session of the caller's account (the console's Sign out). */
  signOut: staffProcedure("console.read").mutation(async ({ ctx }) => {
    await signOutStaff(ctx.db, ctx.staff.staffId);
    return { signedOut: true as const };
  }),
});
