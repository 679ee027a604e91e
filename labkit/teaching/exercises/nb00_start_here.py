"""Checks for notebooks/00_start_here.ipynb."""

from labkit.teaching.checks import Context, Hint, exercise


@exercise("0.1", "create-user-pool")
def create_user_pool(ctx: Context) -> None:
    pool_id = ctx.var("pool_id")
    idp = ctx.client("cognito-idp")
    pools = {p["Id"]: p["Name"] for p in idp.list_user_pools(MaxResults=60)["UserPools"]}
    if pool_id not in pools:
        raise Hint(
            f"`pool_id` is {pool_id!r}, but the lab has no user pool with that id. "
            "Keep the `Id` from the `UserPool` that `create_user_pool` returns."
        )
    if pools[pool_id] != "first-pool":
        raise Hint(f"The pool is named {pools[pool_id]!r}; the exercise asks for PoolName='first-pool'.")
