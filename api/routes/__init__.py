"""The HTTP routes: thin adapters over ``AnswerService`` (one call each; errors handled in ``api.errors``)."""
