/**
 * The fixed, representative part of the conformance corpus that `npm test` runs
 * (conformance-subset.test.ts): a few cases per feature group, one per source test where the
 * group has several, each passed by the engine in two full runs on 7 December 2026.
 * Ids are corpus case ids (test/conformance/cases/<group>/*.json).
 */
export const SUBSET: Record<string, string[]> = {
  choice: [
    'localstack:v2/choice_operators/test_boolean_equals.py::TestBooleanEquals::test_boolean_equals_path#cases[0]',
    'localstack:v2/choice_operators/test_string_operators.py::TestStrings::test_string_equals_path#cases[0]',
    'aws-local-stepfunctions:__tests__/stateActions/ChoiceStateAction.test.ts::IsBoolean[0]',
    'aws-local-stepfunctions:__tests__/stateActions/ChoiceStateAction.test.ts::NumericEquals[0]',
    'aws-local-stepfunctions:__tests__/stateActions/ChoiceStateAction.test.ts::StringLessThanPath[0]',
    'aws-local-stepfunctions:__tests__/stateActions/ChoiceStateAction.test.ts::TimestampGreaterThanEqualsPath[0]',
  ],
  'errors-and-causes': [
    'localstack:v2/error_handling/test_task_service_lambda.py::TestTaskServiceLambda::test_no_such_function_catch#get_execution_history',
    'localstack:v2/error_handling/test_task_service_lambda.py::TestTaskServiceLambda::test_no_such_function#get_execution_history',
    'localstack:v2/base/test_base.py::TestSnfBase::test_state_fail_empty#get_execution_history',
    'localstack:v2/base/test_base.py::TestSnfBase::test_state_fail_path#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_catch_states_runtime#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_catch_empty_fail#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_tolerated_failure_count_path[-1]#get_execution_history',
  ],
  'express-sync': [
    'localstack:v2/express/test_express_sync.py::TestExpressSync::test_query_runtime_memory#start_execution_sync_response',
    'localstack:v2/local_mocking/test_base_scenarios.py::TestBaseScenarios::test_lambda_service_invoke_sync_execution#start_execution_sync_response',
    'localstack:v2/express/test_express_sync.py::TestExpressSync::test_base[BASE_PASS_RESULT]#start_execution_sync_response',
    'localstack:v2/express/test_express_sync.py::TestExpressSync::test_base[BASE_RAISE_FAILURE]#start_execution_sync_response',
    'localstack:v2/express/test_express_sync.py::TestExpressSync::test_catch#start_execution_sync_response',
  ],
  intrinsics: [
    'localstack:v2/assign/test_assign_reference_variables.py::TestAssignReferenceVariables::test_assign_from_value[BASE_ASSIGN_FROM_INTRINSIC_FUNCTION]#get_execution_history',
    'localstack:v2/intrinsic_functions/test_array.py::TestArray::test_array_length#exec_hist_resp_0',
    'localstack:v2/intrinsic_functions/test_encode_decode.py::TestEncodeDecode::test_base_64_decode#exec_hist_resp_0',
    'localstack:v2/intrinsic_functions/test_json_manipulation.py::TestJsonManipulation::test_json_merge_escaped_argument#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_escape_sequence_parsing[ESCAPE_SEQUENCES_STRING_LITERALS]#get_execution_history',
    'aws-docs:intrinsic-functions#States.Base64Decode[8]',
    'aws-docs:intrinsic-functions#States.StringSplit[14]',
    'aws-local-stepfunctions:__tests__/intrinsicFunctions/StatesArrayRange.test.ts::should return a decreasing range when both limits are negative',
    'aws-local-stepfunctions:__tests__/intrinsicFunctions/StatesArrayUnique.test.ts::should return array with duplicate values removed, leaving only unique values',
    'aws-local-stepfunctions:__tests__/intrinsicFunctions/StatesHash.test.ts::should return hashed SHA256 string',
    'aws-local-stepfunctions:__tests__/intrinsicFunctions/StatesArray.test.ts::should return an array containing the values of the arguments in the order provided',
    'localstack:v2/intrinsic_functions/test_generic.py::TestGeneric::test_context_json_path#exec_hist_resp_0',
    'localstack:v2/intrinsic_functions/test_math_operations.py::TestMathOperations::test_math_add#exec_hist_resp_1',
  ],
  jsonata: [
    'localstack:v2/credentials/test_credentials_base.py::TestCredentialsBase::test_cross_account_lambda_task#get_execution_history',
    'localstack:v2/arguments/test_arguments.py::TestArgumentsBase::test_base_cases[BASE_LAMBDA_EMPTY_GLOBAL_QL_JSONATA]#get_execution_history',
    'localstack:v2/intrinsic_functions/test_array_jsonata.py::TestArrayJSONata::test_array_range#exec_hist_resp_0',
    'localstack:v2/intrinsic_functions/test_math_operations_jsonata.py::TestMathOperationsJSONata::test_math_random_seeded#exec_hist_resp_0',
    'localstack:v2/outputdecl/test_output.py::TestArgumentsBase::test_base_output_any_non_dict[BOOL]#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_choice_aws_docs_scenario[CHOICE_STATE_AWS_SCENARIO_JSONATA]#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_choice_unsorted_parameters_negative[CHOICE_STATE_UNSORTED_CHOICE_PARAMETERS_JSONATA]#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_fail_cause_jsonata#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_item_selector[MAP_STATE_ITEM_SELECTOR_JSONATA]#get_execution_history',
    'localstack:v2/outputdecl/test_output.py::TestArgumentsBase::test_base_cases[BASE_EXPR]#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_choice_condition_constant_jsonata#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_items_input_types[boolean]#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_items_eval_jsonata[mixed]#get_execution_history',
  ],
  'jsonpath-paths': [
    'localstack:v2/local_mocking/test_base_scenarios.py::TestBaseScenarios::test_lambda_service_invoke#get_execution_history',
    'localstack:v2/base/test_base.py::TestSnfBase::test_json_path_array_access[$.items[0]]#get_execution_history',
    'localstack:v2/base/test_base.py::TestSnfBase::test_json_path_array_wildcard_or_slice_with_no_input[$.item.items[:1]]#get_execution_history',
    'localstack:v2/base/test_base.py::TestSnfBase::test_state_pass_regex_json_path_base#get_execution_history',
    'localstack:v2/base/test_base.py::TestSnfBase::test_state_pass_result_null_input_output_paths#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_invalid_jsonpath[ST.INVALID_JSONPATH_IN_INPUTPATH]#get_execution_history',
    'localstack:v2/services/test_lambda_task.py::TestTaskLambda::test_lambda_task_filter_parameters_input#get_execution_history',
    'aws-docs:input-output-resultpath#Use ResultPath to include the result with the input[2]',
  ],
  map: [
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_break_condition_legacy#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_item_selector_parameters#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_legacy_config_inline_item_selector#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_legacy#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_parameters_legacy#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_config_distributed_item_selector_parameters#get_execution_history',
  ],
  parallel: [
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_parallel_state_nested#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_parallel_state_order#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_parallel_state[PARALLEL_STATE_PARAMETERS]#get_execution_history',
  ],
  'parameters-and-context': [
    'localstack:v2/base/test_base.py::TestSnfBase::test_decl_version_1_0#get_execution_history',
    'localstack:v2/base/test_base.py::TestSnfBase::test_state_pass_result#get_execution_history',
    'localstack:v2/context_object/test_context_object.py::TestSnfBase::test_error_cause_path#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_escape_sequence_parsing[ESCAPE_SEQUENCES_JSONPATH]#get_execution_history',
    'localstack:v2/base/test_base.py::TestSnfBase::test_query_context_object_values#get_execution_history',
  ],
  'query-language-mix': [
    'localstack:v2/query_language/test_base_query_language.py::TestBaseQueryLanguage::test_base_query_language_field[JSON_PATH]#get_execution_history',
    'localstack:v2/query_language/test_base_query_language.py::TestBaseQueryLanguage::test_query_language_field_override[JSONATA_OVERRIDE_DEFAULT]#get_execution_history',
    'localstack:v2/query_language/test_mixed_query_language.py::TestMixedQueryLanguageFlow::test_output_to_state[JSONATA_OUTPUT_TO_JSONPATH]#get_execution_history',
    'localstack:v2/query_language/test_mixed_query_language.py::TestMixedQueryLanguageFlow::test_variable_sampling[JSONATA_ASSIGN_JSONPATH_REF]#get_execution_history',
  ],
  'retry-catch': [
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_lambda_invoke_with_retry_extended_input#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_lambda_service_invoke_with_retry_extended_input#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_catch_empty#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_catch_legacy#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_catch#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_retry_legacy#get_execution_history',
  ],
  validation: [
    'localstack:v2/test_sfn_api_validation.py::TestSfnApiValidation::test_validate_state_machine_definition_not_a_definition[NOT_A_DEF]#validation_response',
    'localstack:v2/test_sfn_api_validation.py::TestSfnApiValidation::test_validate_state_machine_definition_type_standard[VALID_BASE_PASS]#validation_response',
    'localstack:v2/test_sfn_api_validation.py::TestSfnApiValidation::test_validate_state_machine_definition_type_standard[INVALID_DOWNGRADE_QUERY_LANGUAGE]#validation_response',
    'localstack:v2/test_sfn_api_validation.py::TestSfnApiValidation::test_validate_state_machine_definition_type_express[VALID_QUERY_LANGUAGE_PASS]#validation_response',
    'localstack:v2/test_sfn_api_validation.py::TestSfnApiValidation::test_validate_state_machine_definition_not_a_definition[EMPTY_DICT]#validation_response',
  ],
  'variables-assign': [
    'localstack:v2/assign/test_assign_base.py::TestAssignBase::test_assign_in_choice[CONDITION_FALSE]#get_execution_history',
    'localstack:v2/assign/test_assign_base.py::TestAssignBase::test_base_cases[BASE_EMPTY]#get_execution_history',
    'localstack:v2/assign/test_assign_reference_variables.py::TestAssignReferenceVariables::test_assign_in_choice_state[CORRECT]#get_execution_history',
    'localstack:v2/assign/test_assign_reference_variables.py::TestAssignReferenceVariables::test_assign_in_wait_state#get_execution_history',
    'localstack:v2/assign/test_assign_reference_variables.py::TestAssignReferenceVariables::test_undefined_reference[BASE_UNDEFINED_ARGUMENTS]#get_execution_history',
    'localstack:v2/assign/test_assign_base.py::TestAssignBase::test_base_cases[BASE_CONSTANT_LITERALS]#get_execution_history',
    'localstack:v2/assign/test_assign_base.py::TestAssignBase::test_base_cases[BASE_PATHS]#get_execution_history',
    'localstack:v2/assign/test_assign_reference_variables.py::TestAssignReferenceVariables::test_reference_assign[BASE_REFERENCE_IN_INPUTPATH]#get_execution_history',
    'localstack:v2/assign/test_assign_reference_variables.py::TestAssignReferenceVariables::test_reference_assign[BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE]#get_execution_history',
  ],
  wait: [
    'localstack:v2/base/test_wait.py::TestSfnWait::test_base_wait_seconds_path[-1.5]#get_execution_history',
    'localstack:v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_wait_timestamp[NANOSECONDS]#get_execution_history',
    'localstack:v2/base/test_wait.py::TestSfnWait::test_base_wait_seconds_path[-1]#get_execution_history',
  ],
};

/**
 * Not run by `npm test`: one case per feature group and failure kind that still failed in the last
 * full run (7 December 2026, 14:50 UTC), for the lead to move into SUBSET as the engine catches up.
 * `npm run conformance -- --grep <text>` runs one.
 */
export const AWAITING_ENGINE_WORK: ReadonlyArray<{ id: string; failedWith: string }> = [
  { id: 'aws-local-stepfunctions:__tests__/intrinsicFunctions/StatesArrayContains.test.ts::should throw error if first argument is not an array', failedWith: 'error differs' },
  { id: 'aws-local-stepfunctions:__tests__/intrinsicFunctions/StatesArrayGetItem.test.ts::should return null if the specified index is out of bounds', failedWith: 'status SUCCEEDED → FAILED States.IntrinsicFailure' },
  { id: 'localstack:v2/services/test_lambda_task.py::TestTaskLambda::test_invoke_json_values[0.0]#get_execution_history', failedWith: 'history ExecutionStarted details differ' },
];
