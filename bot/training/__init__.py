"""Teaching the assistant.

The NLU inbox, labelled training data, retraining, evaluation and the regression gate, the model registry
and activation.
"""
