import type { UserRole } from '../../domain/users/user.events.js';

/** Roles another role includes: an admin may do what an auditor or security-ops may. */
const IMPLIED: Readonly<Record<UserRole, readonly UserRole[]>> = {
  admin: ['auditor', 'security-ops'],
  auditor: [],
  'security-ops': [],
};

/** Does a user holding `roles` act as `role` (directly or through `admin`)? */
export function hasRole(roles: readonly UserRole[], role: UserRole): boolean {
  return roles.some((held) => held === role || IMPLIED[held].includes(role));
}
