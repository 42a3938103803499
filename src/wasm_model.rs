//! JS `loadModel` / `hasModel` (wasm32 only): the NER model loaded at run time
//! by builds without the `embedded-model` feature (the embed's wasm, which
//! hosts that only search never download).

use crate::extract::ner::NerModel;
use wasm_bindgen::prelude::*;

/// Loads the NER model (the bytes of `models/ner.bin`, a `Uint8Array`) for
/// `analyze`. Throws an `Error` for anything but a `Uint8Array`, for bytes
/// that are not a model, or when a model is already in place (embedded, or
/// loaded before).
#[wasm_bindgen(js_name = loadModel)]
pub fn load_model(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
) -> Result<(), JsError> {
    let bytes = crate::wasm::read_bytes(&bytes, "the model")?;
    let model =
        NerModel::from_bytes(&bytes).map_err(|e| JsError::new(&format!("bad NER model: {e}")))?;
    if NerModel::install(model) {
        Ok(())
    } else {
        Err(JsError::new("a NER model is already loaded"))
    }
}

/// True when `analyze` has a NER model (embedded in this build, or loaded
/// with `loadModel`); without one it finds values but no names.
#[wasm_bindgen(js_name = hasModel)]
pub fn has_model() -> bool {
    NerModel::has_builtin()
}

/// Decodes the embedded NER model now, if this build has one and it is not
/// decoded yet, so that the first `analyze` does not pay for it (the page's
/// worker calls this as soon as its core is up, while the first article is
/// still on its way). Returns `hasModel()`. A build without an embedded
/// model decodes nothing here: its model comes with `loadModel`.
#[wasm_bindgen(js_name = prepareModel)]
pub fn prepare_model() -> bool {
    if !NerModel::has_builtin() {
        return false;
    }
    let _ = NerModel::builtin();
    true
}
