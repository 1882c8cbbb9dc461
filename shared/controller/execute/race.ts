// Two starts of a rolling update on one group that read the same history send
// the same ClientToken (clientTokenFor); OOS answers the second with the first
// one's execution, or refuses it when its parameters differ. The second start
// has then lost the race: nothing of its own runs, and the group's next turn
// sees the winner.
import { CloudError } from '../../cloud/errors';

export class RolloutRaceLost extends Error {
  constructor(
    readonly groupId: string,
    /** The execution that started first, when OOS named it. */
    readonly winnerExecutionId: string | undefined,
  ) {
    super(
      `another rolling update of scaling group ${groupId} started first${winnerExecutionId ? `: ${winnerExecutionId}` : ''}`,
    );
    this.name = 'RolloutRaceLost';
  }
}

/** OOS refusing a repeated ClientToken whose request differs (code unverified; both spellings seen in Alibaba APIs). */
export function isTokenMismatch(error: unknown): boolean {
  return (
    CloudError.is(error) && (error.code === 'IdempotentParameterMismatch' || error.code === 'IdempotenceParamNotMatch')
  );
}
