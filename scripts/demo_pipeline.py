"""A real (tiny) ZenML pipeline run on the server named by ZENML_STORE_URL, so that demo and test
services can link to a pipeline run that exists. Prints `RUN_ID <uuid>`. Run with the ZenML
venv's python; scripts/seed-lib.mjs (runPipeline) sets the environment."""

from zenml import pipeline, step


@step
def train_model() -> float:
    return 0.93


@pipeline(enable_cache=False)
def training_pipeline():
    train_model()


if __name__ == "__main__":
    run = training_pipeline()
    print("RUN_ID", run.id, flush=True)
