"""Check functions, one module per notebook, named after it (nb00_start_here, nb01_user_pools, ...)."""
