import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { checkDepartmentUsable, type Department, type DepartmentErrorCode } from './departments.js';

/** ORG-7 post (岗位): always belongs to a department. */
export interface Post {
  readonly id: string;
  readonly tenantId: string;
  readonly departmentId: string;
  readonly name: string;
  readonly sortOrder: number;
  readonly enabled: boolean;
  readonly deleted: boolean;
}

/** ORG-7: a post can be created in (or moved to) a usable department only. */
export const canPlacePost = (department: Department): Result<void, DomainError<DepartmentErrorCode>> =>
  checkDepartmentUsable(department);

/** ORG-7: a post can be associated with a user only when enabled, not deleted and in the user's department. */
export function checkPostUsable(
  post: Post,
  userDepartmentId: string | undefined,
): Result<void, DomainError<'POST_UNAVAILABLE' | 'POST_NOT_IN_DEPARTMENT'>> {
  if (!post.enabled || post.deleted) {
    return err(
      new DomainError('POST_UNAVAILABLE', `post ${post.name} is disabled or deleted`, { postId: post.id }),
    );
  }
  if (post.departmentId !== userDepartmentId) {
    return err(
      new DomainError('POST_NOT_IN_DEPARTMENT', `post ${post.name} is not in the user's department`, {
        postId: post.id,
        departmentId: post.departmentId,
        userDepartmentId: userDepartmentId ?? null,
      }),
    );
  }
  return ok(undefined);
}
