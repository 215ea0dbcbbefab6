/*
 * slm4j declarations of the ONNX Runtime GenAI C API, version 0.18.0 (PyPI onnxruntime-genai-core 0.18.0).
 *
 * No registry package ships the upstream header, so slm4j writes its own declarations of the functions
 * the pinned libonnxruntime-genai.so exports. They were learned from the upstream documentation and
 * source and are checked against the binary: HeaderMatchesBinaryTest fails when a function declared here is
 * not exported by the pinned library and lists exported Oga* functions that are not declared here.
 * Argument counts of the functions whose shape changed across upstream releases (engine, processors,
 * guidance) were confirmed on the 0.18.0 binary itself (see presets/onnxruntime-genai/UPDATING.md).
 *
 * Conventions of the API (relevant to every binding written on top of it):
 * - A function returning OgaResult* returns NULL on success, or an error object owned by the caller:
 *   read it with OgaResultGetError, free it with OgaDestroyResult.
 * - Strings are NUL-terminated UTF-8; strings returned through `const char** out` by the Create/Decode
 *   style functions are owned by the caller and freed with OgaDestroyString, unless stated otherwise.
 * - Objects are not thread-safe; the engine records its owner thread and rejects calls from others.
 */
#ifndef SLM4J_ORT_GENAI_C_H
#define SLM4J_ORT_GENAI_C_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- element types of tensors (numbering is ABI) ---- */
typedef enum OgaElementType {
  OgaElementType_undefined = 0,
  OgaElementType_float32 = 1,
  OgaElementType_uint8 = 2,
  OgaElementType_int8 = 3,
  OgaElementType_uint16 = 4,
  OgaElementType_int16 = 5,
  OgaElementType_int32 = 6,
  OgaElementType_int64 = 7,
  OgaElementType_string = 8,
  OgaElementType_bool = 9,
  OgaElementType_float16 = 10,
  OgaElementType_float64 = 11,
  OgaElementType_uint32 = 12,
  OgaElementType_uint64 = 13,
  OgaElementType_complex64 = 14,
  OgaElementType_complex128 = 15,
  OgaElementType_bfloat16 = 16
} OgaElementType;

/* ---- opaque handles ---- */
typedef struct OgaResult OgaResult;
typedef struct OgaConfig OgaConfig;
typedef struct OgaRuntimeSettings OgaRuntimeSettings;
typedef struct OgaModel OgaModel;
typedef struct OgaSequences OgaSequences;
typedef struct OgaTokenizer OgaTokenizer;
typedef struct OgaTokenizerStream OgaTokenizerStream;
typedef struct OgaGeneratorParams OgaGeneratorParams;
typedef struct OgaGenerator OgaGenerator;
typedef struct OgaTensor OgaTensor;
typedef struct OgaNamedTensors OgaNamedTensors;
typedef struct OgaStringArray OgaStringArray;
typedef struct OgaImages OgaImages;
typedef struct OgaAudios OgaAudios;
typedef struct OgaMultiModalProcessor OgaMultiModalProcessor;
typedef struct OgaStreamingProcessor OgaStreamingProcessor;
typedef struct OgaAdapters OgaAdapters;
typedef struct OgaSpeculativeStats OgaSpeculativeStats;
typedef struct OgaMtpGenerator OgaMtpGenerator;
typedef struct OgaEngine OgaEngine;
typedef struct OgaEngineCapabilities OgaEngineCapabilities;
typedef struct OgaEngineEvent OgaEngineEvent;
typedef struct OgaEngineEventBuffer OgaEngineEventBuffer;
typedef struct OgaRequest OgaRequest;
typedef struct OgaRequestOptions OgaRequestOptions;
typedef struct OgaTurnOptions OgaTurnOptions;
typedef struct OgaTurnUsage OgaTurnUsage;

/* Engine enumerations are fixed-width integers upstream so that new values never change the ABI width. */
typedef uint32_t OgaFinishReason;
#define OgaFinishReason_None 0
#define OgaFinishReason_Eos 1
#define OgaFinishReason_StopString 2
#define OgaFinishReason_MaxGeneratedTokens 3
#define OgaFinishReason_MaxSessionTokens 4
#define OgaFinishReason_Cancelled 5
#define OgaFinishReason_Failed 6

typedef uint32_t OgaEngineEventFlags;
#define OgaEngineEventFlag_None 0
#define OgaEngineEventFlag_Token 1
#define OgaEngineEventFlag_TurnFinished 2
#define OgaEngineEventFlag_CapacityBlocked 4
#define OgaEngineEventFlag_Failed 8
#define OgaEngineEventFlag_Retryable 16

typedef uint32_t OgaErrorCode;
#define OgaErrorCode_None 0
#define OgaErrorCode_CapacityDeferred 1
#define OgaErrorCode_ExecutionCapacityExceeded 2
#define OgaErrorCode_RetryableExecution 3
#define OgaErrorCode_RequestUnserviceable 4
#define OgaErrorCode_EngineContractFailure 5
#define OgaErrorCode_EngineExecutionFailure 6

/* Receives each log line GenAI would print; called on whatever thread logs. */
typedef void (*OgaLogCallback)(const char* text, size_t length);

/* ---- process-wide state, errors, logging ---- */
void OgaShutdown(void);
const char* OgaResultGetError(const OgaResult* result);
void OgaDestroyResult(OgaResult* result);
void OgaDestroyString(const char* text);
OgaResult* OgaSetLogBool(const char* name, bool value);
OgaResult* OgaSetLogString(const char* name, const char* value);
OgaResult* OgaSetLogCallback(OgaLogCallback callback);
void OgaSetTelemetryEnabled(bool enabled);
OgaResult* OgaSetCurrentGpuDeviceId(int device_id);
OgaResult* OgaGetCurrentGpuDeviceId(int* device_id);
void OgaRegisterExecutionProviderLibrary(const char* registration_name, const char* library_path);
void OgaUnregisterExecutionProviderLibrary(const char* registration_name);

/* ---- config: providers, provider options, overlay, in-memory model data ---- */
OgaResult* OgaCreateConfig(const char* config_path, OgaConfig** out);
OgaResult* OgaCreateConfigFromPackageEp(const char* package_path, const char* execution_provider, OgaConfig** out);
void OgaDestroyConfig(OgaConfig* config);
OgaResult* OgaConfigClearProviders(OgaConfig* config);
OgaResult* OgaConfigAppendProvider(OgaConfig* config, const char* provider);
OgaResult* OgaConfigSetProviderOption(OgaConfig* config, const char* provider, const char* key, const char* value);
OgaResult* OgaConfigOverlay(OgaConfig* config, const char* json);
OgaResult* OgaConfigAddModelData(OgaConfig* config, const char* model_filename, const void* model_data, size_t model_data_length);
OgaResult* OgaConfigRemoveModelData(OgaConfig* config, const char* model_filename);
OgaResult* OgaConfigSetDecoderProviderOptionsHardwareDeviceType(OgaConfig* config, const char* provider, const char* hardware_device_type);
OgaResult* OgaConfigSetDecoderProviderOptionsHardwareDeviceId(OgaConfig* config, const char* provider, uint32_t hardware_device_id);
OgaResult* OgaConfigSetDecoderProviderOptionsHardwareVendorId(OgaConfig* config, const char* provider, uint32_t hardware_vendor_id);
OgaResult* OgaConfigClearDecoderProviderOptionsHardwareDeviceType(OgaConfig* config, const char* provider);
OgaResult* OgaConfigClearDecoderProviderOptionsHardwareDeviceId(OgaConfig* config, const char* provider);
OgaResult* OgaConfigClearDecoderProviderOptionsHardwareVendorId(OgaConfig* config, const char* provider);

/* ---- runtime settings and model ---- */
OgaResult* OgaCreateRuntimeSettings(OgaRuntimeSettings** out);
void OgaDestroyRuntimeSettings(OgaRuntimeSettings* settings);
OgaResult* OgaRuntimeSettingsSetHandle(OgaRuntimeSettings* settings, const char* handle_name, void* handle);
OgaResult* OgaCreateModel(const char* config_path, OgaModel** out);
OgaResult* OgaCreateModelFromConfig(const OgaConfig* config, OgaModel** out);
OgaResult* OgaCreateModelWithRuntimeSettings(const char* config_path, const OgaRuntimeSettings* settings, OgaModel** out);
void OgaDestroyModel(OgaModel* model);
/* `out` is freed with OgaDestroyString. */
OgaResult* OgaModelGetType(const OgaModel* model, const char** out);
OgaResult* OgaModelGetDeviceType(const OgaModel* model, const char** out);

/* ---- sequences of token ids ---- */
OgaResult* OgaCreateSequences(OgaSequences** out);
void OgaDestroySequences(OgaSequences* sequences);
size_t OgaSequencesCount(const OgaSequences* sequences);
OgaResult* OgaAppendTokenSequence(const int32_t* token_ptr, size_t token_cnt, OgaSequences* sequences);
OgaResult* OgaAppendTokenToSequence(int32_t token, OgaSequences* sequences, size_t sequence_index);
size_t OgaSequencesGetSequenceCount(const OgaSequences* sequences, size_t sequence_index);
/* Borrowed: valid until the sequences object changes or is destroyed. */
const int32_t* OgaSequencesGetSequenceData(const OgaSequences* sequences, size_t sequence_index);

/* ---- tokenizer, chat template, tokenizer stream ---- */
OgaResult* OgaCreateTokenizer(const OgaModel* model, OgaTokenizer** out);
OgaResult* OgaCreateTokenizerFromConfig(const OgaConfig* config, OgaTokenizer** out);
OgaResult* OgaCreateTokenizerFromPath(const char* config_path, OgaTokenizer** out);
void OgaDestroyTokenizer(OgaTokenizer* tokenizer);
OgaResult* OgaUpdateTokenizerOptions(OgaTokenizer* tokenizer, const char* const* keys, const char* const* values, size_t num_options);
OgaResult* OgaTokenizerEncode(const OgaTokenizer* tokenizer, const char* text, OgaSequences* sequences);
OgaResult* OgaTokenizerEncodeBatch(const OgaTokenizer* tokenizer, const char** texts, size_t count, OgaTensor** out);
/* `out_string` is freed with OgaDestroyString. */
OgaResult* OgaTokenizerDecode(const OgaTokenizer* tokenizer, const int32_t* tokens, size_t token_count, const char** out_string);
OgaResult* OgaTokenizerDecodeBatch(const OgaTokenizer* tokenizer, const OgaTensor* tensor, OgaStringArray** out);
OgaResult* OgaTokenizerToTokenId(const OgaTokenizer* tokenizer, const char* text, int32_t* token_id);
/* `template_str` and `tools` may be NULL (the model's own template, no tools); `out` is freed with OgaDestroyString. */
OgaResult* OgaTokenizerApplyChatTemplate(const OgaTokenizer* tokenizer, const char* template_str, const char* messages, const char* tools,
                                         bool add_generation_prompt, const char** out);
OgaResult* OgaTokenizerGetBosTokenId(const OgaTokenizer* tokenizer, int32_t* token_id);
/* Borrowed array owned by the tokenizer. */
OgaResult* OgaTokenizerGetEosTokenIds(const OgaTokenizer* tokenizer, const int32_t** eos_token_ids, size_t* token_count);
OgaResult* OgaTokenizerGetPadTokenId(const OgaTokenizer* tokenizer, int32_t* token_id);
/* Tool-call (bot/eot) and reasoning (bor/eor) markers; an error when the model defines none. */
OgaResult* OgaTokenizerGetBotTokenId(const OgaTokenizer* tokenizer, int32_t* token_id);
OgaResult* OgaTokenizerGetEotTokenId(const OgaTokenizer* tokenizer, int32_t* token_id);
OgaResult* OgaTokenizerGetBorTokenId(const OgaTokenizer* tokenizer, int32_t* token_id);
OgaResult* OgaTokenizerGetEorTokenId(const OgaTokenizer* tokenizer, int32_t* token_id);
OgaResult* OgaCreateTokenizerStream(const OgaTokenizer* tokenizer, OgaTokenizerStream** out);
OgaResult* OgaCreateTokenizerStreamFromProcessor(const OgaMultiModalProcessor* processor, OgaTokenizerStream** out);
void OgaDestroyTokenizerStream(OgaTokenizerStream* stream);
/* `out` is borrowed: valid until the next decode on this stream; may be empty while a character is incomplete. */
OgaResult* OgaTokenizerStreamDecode(OgaTokenizerStream* stream, int32_t token, const char** out);

/* ---- generator params: search options, guidance (constrained decoding), speculative options ---- */
OgaResult* OgaCreateGeneratorParams(const OgaModel* model, OgaGeneratorParams** out);
void OgaDestroyGeneratorParams(OgaGeneratorParams* params);
OgaResult* OgaGeneratorParamsSetSearchNumber(OgaGeneratorParams* params, const char* name, double value);
OgaResult* OgaGeneratorParamsSetSearchBool(OgaGeneratorParams* params, const char* name, bool value);
OgaResult* OgaGeneratorParamsGetSearchNumber(const OgaGeneratorParams* params, const char* name, double* out);
OgaResult* OgaGeneratorParamsGetSearchBool(const OgaGeneratorParams* params, const char* name, bool* out);
/* `type` is "json_schema", "regex" or "lark_grammar". */
OgaResult* OgaGeneratorParamsSetGuidance(OgaGeneratorParams* params, const char* type, const char* data, bool enable_ff_tokens);
OgaResult* OgaGeneratorParamsSetSpeculativeNumber(OgaGeneratorParams* params, const char* name, double value);
OgaResult* OgaGeneratorParamsGetSpeculativeNumber(const OgaGeneratorParams* params, const char* name, double* out);
OgaResult* OgaGeneratorParamsSetSpeculativeBool(OgaGeneratorParams* params, const char* name, bool value);
OgaResult* OgaGeneratorParamsGetSpeculativeBool(const OgaGeneratorParams* params, const char* name, bool* out);

/* ---- generator loop ---- */
OgaResult* OgaCreateGenerator(const OgaModel* model, const OgaGeneratorParams* params, OgaGenerator** out);
void OgaDestroyGenerator(OgaGenerator* generator);
bool OgaGenerator_IsDone(OgaGenerator* generator);
bool OgaGenerator_IsSessionTerminated(const OgaGenerator* generator);
OgaResult* OgaGenerator_SetModelInput(OgaGenerator* generator, const char* name, OgaTensor* tensor);
OgaResult* OgaGenerator_SetInputs(OgaGenerator* generator, const OgaNamedTensors* named_tensors);
OgaResult* OgaGenerator_AppendTokenSequences(OgaGenerator* generator, const OgaSequences* sequences);
OgaResult* OgaGenerator_AppendTokens(OgaGenerator* generator, const int32_t* input_ids, size_t input_ids_count);
size_t OgaGenerator_TokenCount(const OgaGenerator* generator);
OgaResult* OgaGenerator_GenerateNextToken(OgaGenerator* generator);
/* Borrowed: valid until the next call on the generator; one token per batch row. */
OgaResult* OgaGenerator_GetNextTokens(const OgaGenerator* generator, const int32_t** out, size_t* out_count);
OgaResult* OgaGenerator_SetRuntimeOption(OgaGenerator* generator, const char* key, const char* value);
OgaResult* OgaGenerator_RewindTo(OgaGenerator* generator, size_t new_length);
OgaResult* OgaGenerator_SnapshotState(OgaGenerator* generator);
OgaResult* OgaGenerator_SetHiddenStates(OgaGenerator* generator, OgaTensor* hidden_states);
/* The returned tensors are copies on the CPU, owned by the caller (OgaDestroyTensor). */
OgaResult* OgaGenerator_GetInput(const OgaGenerator* generator, const char* name, OgaTensor** out);
OgaResult* OgaGenerator_GetOutput(const OgaGenerator* generator, const char* name, OgaTensor** out);
OgaResult* OgaGenerator_GetLogits(OgaGenerator* generator, OgaTensor** out);
OgaResult* OgaGenerator_SetLogits(OgaGenerator* generator, OgaTensor* tensor);
size_t OgaGenerator_GetSequenceCount(const OgaGenerator* generator, size_t index);
/* Borrowed: owned by the generator. */
const int32_t* OgaGenerator_GetSequenceData(const OgaGenerator* generator, size_t index);
OgaResult* OgaGenerator_GetSpeculativeStats(const OgaGenerator* generator, OgaSpeculativeStats** out);

/* ---- speculative statistics ---- */
void OgaDestroySpeculativeStats(OgaSpeculativeStats* stats);
OgaResult* OgaSpeculativeStatsGetCount(const OgaSpeculativeStats* stats, const char* name, uint64_t* out);
OgaResult* OgaSpeculativeStatsGetNumber(const OgaSpeculativeStats* stats, const char* name, double* out);
OgaResult* OgaSpeculativeStatsGetBool(const OgaSpeculativeStats* stats, const char* name, bool* out);
OgaResult* OgaSpeculativeStatsGetAcceptanceLengthCount(const OgaSpeculativeStats* stats, size_t accepted_length, uint64_t* out);
OgaResult* OgaSpeculativeStatsGetAcceptanceLengthHistogramSize(const OgaSpeculativeStats* stats, size_t* out);

/* ---- multi-token-prediction generator ---- */
OgaResult* OgaCreateMtpGenerator(const OgaModel* main_model, const OgaModel* mtp_model, const OgaGeneratorParams* params, OgaMtpGenerator** out);
void OgaDestroyMtpGenerator(OgaMtpGenerator* generator);
OgaResult* OgaMtpGenerator_AppendTokens(OgaMtpGenerator* generator, const int32_t* input_ids, size_t input_ids_count);
OgaResult* OgaMtpGenerator_GenerateNextToken(OgaMtpGenerator* generator);
OgaResult* OgaMtpGenerator_Reset(OgaMtpGenerator* generator);
bool OgaMtpGenerator_IsDone(const OgaMtpGenerator* generator);
size_t OgaMtpGenerator_GetSequenceCount(const OgaMtpGenerator* generator);
const int32_t* OgaMtpGenerator_GetSequenceData(const OgaMtpGenerator* generator);
size_t OgaMtpGenerator_GetForwardCount(const OgaMtpGenerator* generator);
size_t OgaMtpGenerator_GetAcceptCount(const OgaMtpGenerator* generator);
size_t OgaMtpGenerator_GetTrialCount(const OgaMtpGenerator* generator);
OgaResult* OgaMtpGenerator_GetSpeculativeStats(const OgaMtpGenerator* generator, OgaSpeculativeStats** out);

/* ---- tensors and named tensors ---- */
/* With non-NULL `data` the tensor borrows it (it must outlive the tensor); with NULL the tensor allocates. */
OgaResult* OgaCreateTensorFromBuffer(void* data, const int64_t* shape_dims, size_t shape_dims_count, OgaElementType element_type, OgaTensor** out);
void OgaDestroyTensor(OgaTensor* tensor);
OgaResult* OgaTensorGetType(OgaTensor* tensor, OgaElementType* out);
OgaResult* OgaTensorGetShapeRank(OgaTensor* tensor, size_t* out);
OgaResult* OgaTensorGetShape(OgaTensor* tensor, int64_t* shape_dims, size_t shape_dims_count);
OgaResult* OgaTensorGetData(OgaTensor* tensor, void** out);
OgaResult* OgaCreateNamedTensors(OgaNamedTensors** out);
void OgaDestroyNamedTensors(OgaNamedTensors* named_tensors);
OgaResult* OgaNamedTensorsGet(const OgaNamedTensors* named_tensors, const char* name, OgaTensor** out);
OgaResult* OgaNamedTensorsSet(OgaNamedTensors* named_tensors, const char* name, OgaTensor* tensor);
OgaResult* OgaNamedTensorsDelete(OgaNamedTensors* named_tensors, const char* name);
OgaResult* OgaNamedTensorsCount(const OgaNamedTensors* named_tensors, size_t* out);
OgaResult* OgaNamedTensorsGetNames(const OgaNamedTensors* named_tensors, OgaStringArray** out);

/* ---- string arrays ---- */
OgaResult* OgaCreateStringArray(OgaStringArray** out);
OgaResult* OgaCreateStringArrayFromStrings(const char* const* strings, size_t count, OgaStringArray** out);
void OgaDestroyStringArray(OgaStringArray* string_array);
OgaResult* OgaStringArrayAddString(OgaStringArray* string_array, const char* text);
OgaResult* OgaStringArrayGetCount(const OgaStringArray* string_array, size_t* out);
/* Borrowed: owned by the array. */
OgaResult* OgaStringArrayGetString(const OgaStringArray* string_array, size_t index, const char** out);

/* ---- multimodal: images, audios, processors ---- */
OgaResult* OgaLoadImage(const char* image_path, OgaImages** images);
OgaResult* OgaLoadImages(const OgaStringArray* image_paths, OgaImages** images);
OgaResult* OgaLoadImagesFromBuffers(const void** image_data, const size_t* image_data_sizes, size_t count, OgaImages** images);
void OgaDestroyImages(OgaImages* images);
OgaResult* OgaLoadAudio(const char* audio_path, OgaAudios** audios);
OgaResult* OgaLoadAudios(const OgaStringArray* audio_paths, OgaAudios** audios);
OgaResult* OgaLoadAudiosFromBuffers(const void** audio_data, const size_t* audio_data_sizes, size_t count, OgaAudios** audios);
void OgaDestroyAudios(OgaAudios* audios);
OgaResult* OgaCreateMultiModalProcessor(const OgaModel* model, OgaMultiModalProcessor** out);
void OgaDestroyMultiModalProcessor(OgaMultiModalProcessor* processor);
OgaResult* OgaProcessorProcessImages(const OgaMultiModalProcessor* processor, const char* prompt, const OgaImages* images, OgaNamedTensors** input_tensors);
OgaResult* OgaProcessorProcessImagesAndPrompts(const OgaMultiModalProcessor* processor, const OgaStringArray* prompts, const OgaImages* images,
                                               OgaNamedTensors** input_tensors);
OgaResult* OgaProcessorProcessAudios(const OgaMultiModalProcessor* processor, const char* prompt, const OgaAudios* audios, OgaNamedTensors** input_tensors);
OgaResult* OgaProcessorProcessAudiosAndPrompts(const OgaMultiModalProcessor* processor, const OgaStringArray* prompts, const OgaAudios* audios,
                                               OgaNamedTensors** input_tensors);
OgaResult* OgaProcessorProcessImagesAndAudios(const OgaMultiModalProcessor* processor, const char* prompt, const OgaImages* images,
                                              const OgaAudios* audios, OgaNamedTensors** input_tensors);
OgaResult* OgaProcessorProcessImagesAndAudiosAndPrompts(const OgaMultiModalProcessor* processor, const OgaStringArray* prompts, const OgaImages* images,
                                                        const OgaAudios* audios, OgaNamedTensors** input_tensors);
/* `out_string` is freed with OgaDestroyString. */
OgaResult* OgaProcessorDecode(const OgaMultiModalProcessor* processor, const int32_t* tokens, size_t token_count, const char** out_string);
OgaResult* OgaCreateStreamingProcessor(OgaModel* model, OgaStreamingProcessor** out);
void OgaDestroyStreamingProcessor(OgaStreamingProcessor* processor);
/* `out` may be set to NULL while not enough audio has arrived. */
OgaResult* OgaStreamingProcessorProcess(OgaStreamingProcessor* processor, const float* audio_data, size_t num_samples, OgaNamedTensors** out);
OgaResult* OgaStreamingProcessorFlush(OgaStreamingProcessor* processor, OgaNamedTensors** out);
OgaResult* OgaStreamingProcessorSetOption(OgaStreamingProcessor* processor, const char* key, const char* value);
OgaResult* OgaStreamingProcessorGetOption(const OgaStreamingProcessor* processor, const char* key, const char** out);

/* ---- adapters (LoRA) ---- */
OgaResult* OgaCreateAdapters(const OgaModel* model, OgaAdapters** out);
void OgaDestroyAdapters(OgaAdapters* adapters);
OgaResult* OgaLoadAdapter(OgaAdapters* adapters, const char* adapter_file_path, const char* adapter_name);
OgaResult* OgaUnloadAdapter(OgaAdapters* adapters, const char* adapter_name);
OgaResult* OgaSetActiveAdapter(OgaGenerator* generator, OgaAdapters* adapters, const char* adapter_name);

/* ---- engine: continuous batching of requests, turns, events ---- */
OgaResult* OgaCreateEngine(OgaModel* model, OgaEngine** out);
void OgaDestroyEngine(OgaEngine* engine);
OgaResult* OgaEngineHasPendingRequests(OgaEngine* engine, bool* out);
OgaResult* OgaEngineMaxDraftTokensPerProposal(const OgaEngine* engine, size_t* out);
OgaResult* OgaEngineGetCapabilities(const OgaEngine* engine, OgaEngineCapabilities** out);
OgaResult* OgaEngineGetSpeculativeStats(const OgaEngine* engine, OgaSpeculativeStats** out);
void OgaDestroyEngineCapabilities(OgaEngineCapabilities* capabilities);
size_t OgaEngineCapabilitiesGetConfiguredMaxBatchSize(const OgaEngineCapabilities* capabilities);
size_t OgaEngineCapabilitiesGetMaxScheduledTokens(const OgaEngineCapabilities* capabilities);
uint64_t OgaEngineCapabilitiesGetMaxRequestLength(const OgaEngineCapabilities* capabilities);
OgaResult* OgaCreateRequestOptions(OgaRequestOptions** out);
void OgaDestroyRequestOptions(OgaRequestOptions* options);
OgaResult* OgaRequestOptionsSetMaxSessionTokens(OgaRequestOptions* options, uint64_t value);
OgaResult* OgaEngineCreateRequest(OgaEngine* engine, const OgaRequestOptions* request_options, OgaRequest** out);
OgaResult* OgaRequestCreateTurnOptions(OgaRequest* request, OgaTurnOptions** out);
OgaResult* OgaRequestBeginTurn(OgaRequest* request, const OgaTurnOptions* turn_options, const int32_t* input_ids, uint64_t input_ids_count,
                               uint64_t* out_turn_id);
OgaResult* OgaRequestCancelTurn(OgaRequest* request, uint64_t turn_id, bool* out_cancelled);
OgaResult* OgaRequestRewindToStartOfTurn(OgaRequest* request, uint64_t turn_id);
OgaResult* OgaRequestSetDraftTokens(OgaRequest* request, const OgaSequences* tokens);
OgaResult* OgaRequestClose(OgaRequest* request);
void OgaDestroyRequest(OgaRequest* request);
void OgaDestroyTurnOptions(OgaTurnOptions* options);
OgaResult* OgaTurnOptionsSetMaxGeneratedTokens(OgaTurnOptions* options, uint64_t value);
OgaResult* OgaTurnOptionsSetMinGeneratedTokens(OgaTurnOptions* options, uint64_t value);
OgaResult* OgaTurnOptionsSetDoSample(OgaTurnOptions* options, bool value);
OgaResult* OgaTurnOptionsSetTemperature(OgaTurnOptions* options, float value);
OgaResult* OgaTurnOptionsSetTopP(OgaTurnOptions* options, float value);
OgaResult* OgaTurnOptionsSetTopK(OgaTurnOptions* options, int32_t value);
OgaResult* OgaTurnOptionsSetRepetitionPenalty(OgaTurnOptions* options, float value);
OgaResult* OgaTurnOptionsSetNoRepeatNgramSize(OgaTurnOptions* options, int32_t value);
OgaResult* OgaTurnOptionsSetSeed(OgaTurnOptions* options, uint64_t value);
OgaResult* OgaTurnOptionsClearSeed(OgaTurnOptions* options);
OgaResult* OgaTurnOptionsSetStopStrings(OgaTurnOptions* options, const OgaStringArray* stop_strings);
OgaResult* OgaTurnOptionsSetGuidance(OgaTurnOptions* options, const char* type, const char* data);
OgaResult* OgaTurnOptionsSetDelimitedGuidance(OgaTurnOptions* options, int32_t opening_token, int32_t closing_token, const char* grammar);
OgaResult* OgaTurnOptionsClearGuidance(OgaTurnOptions* options);
OgaResult* OgaTurnOptionsReset(OgaTurnOptions* options);
OgaResult* OgaCreateEngineEventBuffer(OgaEngine* engine, size_t capacity, OgaEngineEventBuffer** out);
void OgaDestroyEngineEventBuffer(OgaEngineEventBuffer* buffer);
OgaResult* OgaEngineRun(OgaEngine* engine, OgaEngineEventBuffer* buffer);
size_t OgaEngineEventBufferGetCount(const OgaEngineEventBuffer* buffer);
/* Borrowed views, valid until the next OgaEngineRun on the same buffer. */
const OgaEngineEvent* OgaEngineEventBufferGet(const OgaEngineEventBuffer* buffer, size_t index);
OgaResult* OgaEngineEventGetFlags(const OgaEngineEvent* event, OgaEngineEventFlags* out);
OgaResult* OgaEngineEventGetRequest(const OgaEngineEvent* event, const OgaRequest** out);
OgaResult* OgaEngineEventGetTurnId(const OgaEngineEvent* event, uint64_t* out);
OgaResult* OgaEngineEventGetToken(const OgaEngineEvent* event, int32_t* out);
OgaResult* OgaEngineEventGetFinishReason(const OgaEngineEvent* event, OgaFinishReason* out);
OgaResult* OgaEngineEventGetMatchedStopStringIndex(const OgaEngineEvent* event, int32_t* out);
OgaResult* OgaEngineEventGetErrorCode(const OgaEngineEvent* event, OgaErrorCode* out);
OgaResult* OgaEngineEventGetUsage(const OgaEngineEvent* event, const OgaTurnUsage** out);
OgaResult* OgaTurnUsageGetPromptTokens(const OgaTurnUsage* usage, uint64_t* out);
OgaResult* OgaTurnUsageGetGeneratedTokens(const OgaTurnUsage* usage, uint64_t* out);
OgaResult* OgaTurnUsageGetCachedPromptTokens(const OgaTurnUsage* usage, uint64_t* out);

#ifdef __cplusplus
}
#endif

#endif /* SLM4J_ORT_GENAI_C_H */
